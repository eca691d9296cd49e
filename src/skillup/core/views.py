from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from skillup.core.errors import FieldError
from skillup.core.registry import todos

API_PREFIX = "/api/"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@login_required
def home(request):
    return render(request, "core/home.html", {"todos": todos(request.user)})


def healthz(request):
    """Readiness: the process answers and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def livez(request):
    """Liveness: the process answers through the whole middleware stack, touching neither the database nor
    the cache (a probe that must not fail because PostgreSQL is slow; also the load test's trivial view)."""
    return JsonResponse({"status": "ok"})


# Error answers (issue 10 item 5). The API answers its error shape as JSON whatever failed, even before a
# view ran (a body too large, a bad multipart, a URL that matches nothing); pages keep their HTML pages.


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request, status: int, errors: list[FieldError]) -> HttpResponse:
    """`{"errors": [{row, field, message}]}` for the API; the error page with the messages otherwise."""
    if is_api(request):
        return JsonResponse(
            {"errors": [e.as_dict() for e in errors]},
            status=status,
            content_type=JSON_CONTENT_TYPE,
            json_dumps_params={"ensure_ascii": False},
        )
    template = "400.html" if status < 500 else "500.html"
    content = loader.render_to_string(template, {"problems": [str(e) for e in errors]}, request)
    return HttpResponse(content, status=status)


MESSAGES = {
    400: "请求无效，无法处理",
    403: "您的角色不能进行此操作",
    404: "未找到，或不在您的权限范围内",
    500: "系统暂时出错，您的操作未被保存，请稍后重试",
}


@requires_csrf_token
def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api(request):
        return error_response(request, 400, [FieldError(MESSAGES[400])])
    return defaults.bad_request(request, exception, template_name)


@requires_csrf_token
def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    """The refusal's own reason (a NotAllowed from a `can_<action>` verdict) when it has one."""
    reason = getattr(exception, "message", "") or MESSAGES[403]
    if is_api(request):
        return error_response(request, 403, [FieldError(reason)])
    content = loader.render_to_string(template_name, {"reason": reason}, request)
    return HttpResponse(content, status=403)


@requires_csrf_token
def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api(request):
        return error_response(request, 404, [FieldError(MESSAGES[404])])
    return defaults.page_not_found(request, exception, template_name)


@requires_csrf_token
def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api(request):
        return error_response(request, 500, [FieldError(MESSAGES[500])])
    return defaults.server_error(request, template_name)
