"""The REST API (``/api/v1/``): one NinjaAPI, bearer-token or session auth, and error bodies
that never carry person data.

Errors: 401/404/409/500 answer ``{"detail": message}``; 422 answers
``{"errors": {field: [messages]}, "warnings": [...]}`` both for bodies that do not parse and
for values the people, casework or support validation refuses, so clients handle one shape.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from tongxin.api.approvals import router as approvals_router
from tongxin.api.assessments import router as assessments_router
from tongxin.api.auth import NO_CREDENTIALS, TokenRefused, session_auth, token_auth
from tongxin.api.dedup import router as dedup_router
from tongxin.api.lost_contact import router as lost_contact_router
from tongxin.api.measures import router as measures_router
from tongxin.api.people import router as people_router
from tongxin.api.programs import router as programs_router
from tongxin.api.rosters import router as rosters_router
from tongxin.api.support import router as support_router
from tongxin.api.teams import router as teams_router
from tongxin.people.actions import EditConflict, PersonRejected
from tongxin.programs.actions import CaseworkRejected
from tongxin.support.actions import SupportRejected

logger = logging.getLogger(__name__)

NOT_FOUND = "未找到,或不在您的权限范围内。 / Not found, or outside your scope."
SERVER_ERROR = "服务器内部错误,未返回任何数据。 / Internal error; no data was returned."


class ReadableJSONRenderer(JSONRenderer):
    # Chinese text as UTF-8 rather than \uXXXX escapes: the messages are for people reading
    # them in logs and terminals.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="tongxin API",
    version="1",
    description=(
        "同心 REST API。使用 `Authorization: Bearer <令牌>`(由 `tongxin api-token` 签发)。"
        " / Send `Authorization: Bearer <token>` (issued by `tongxin api-token`)."
    ),
    urls_namespace="api",
    auth=[token_auth, session_auth],
    # validatorUrl: Swagger UI would otherwise load a badge from validator.swagger.io, and
    # government intranets have no internet.
    docs=Swagger(settings={"validatorUrl": None}),
    renderer=ReadableJSONRenderer(),
)
api.add_router("/people", people_router)
api.add_router("", programs_router)
api.add_router("", lost_contact_router)
api.add_router("", measures_router)
api.add_router("", approvals_router)
api.add_router("", teams_router)
api.add_router("", assessments_router)
api.add_router("", support_router)
api.add_router("", rosters_router)
api.add_router("", dedup_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = str(exc) if isinstance(exc, TokenRefused) else NO_CREDENTIALS
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="tongxin"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer whether the record does not exist or is outside the caller's scope.
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(PersonRejected)
def _rejected(request: HttpRequest, exc: PersonRejected) -> HttpResponse:
    return api.create_response(
        request, {"errors": exc.errors, "warnings": exc.warnings}, status=422
    )


@api.exception_handler(CaseworkRejected)
def _casework_rejected(request: HttpRequest, exc: CaseworkRejected) -> HttpResponse:
    return api.create_response(request, {"errors": exc.errors, "warnings": []}, status=422)


@api.exception_handler(SupportRejected)
def _support_rejected(request: HttpRequest, exc: SupportRejected) -> HttpResponse:
    return api.create_response(request, {"errors": exc.errors, "warnings": []}, status=422)


@api.exception_handler(ValidationError)
def _unparsable(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is (source, [param name,] field…): ("query", "page_size"), ("body", "payload", "name").
        path = [str(part) for part in error["loc"][1:]]
        if error["loc"][0] == "body":
            path = path[1:]
        field = ".".join(path) or "__all__"
        message = (
            _("必须填写此项。")
            if error["type"] == "missing"
            else _("格式不正确:%(reason)s") % {"reason": error["msg"]}
        )
        errors.setdefault(field, []).append(message)
    return api.create_response(request, {"errors": errors, "warnings": []}, status=422)


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Replaces ninja's DEBUG handler, which answers with the traceback: an exception raised
    # while a person's data is at hand must not send any of it to the client.
    logger.exception("API request failed: %s %s", request.method, request.path)
    return api.create_response(request, {"detail": SERVER_ERROR}, status=500)
