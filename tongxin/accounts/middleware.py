"""Session idle timeout: Django sessions have none (they last their cookie age)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "tongxin_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - float(last_seen) > limit:
                logout(request)
                messages.info(
                    request,
                    _("您已超过 %(m)d 分钟未操作,请重新登录。")
                    % {"m": settings.SESSION_IDLE_TIMEOUT_MINUTES},
                )
            else:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
