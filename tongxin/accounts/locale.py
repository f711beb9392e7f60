"""Chinese by default: the interface follows the user's explicit choice, not the browser.

Django's LocaleMiddleware lets the browser's Accept-Language decide, so an officer on a
machine installed in English would get an English interface they never asked for. Pages
here use the language chosen with the switch (the language cookie) or zh-hans; the API
keeps honouring Accept-Language, which agency systems set on purpose.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in _SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
