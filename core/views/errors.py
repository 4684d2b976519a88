"""Russian error pages (and structured JSON errors under /api/), never a traceback."""
import logging

from pyramid.csrf import BadCSRFToken
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config
from pyramid_retry import is_last_attempt
from transaction.interfaces import TransientError

from core.security.permissions import VIEW
from core.security.transport import public_path
from core.web.refusals import refused
from core.web.responses import error_response, is_api

log = logging.getLogger(__name__)


@forbidden_view_config()
def forbidden(request):
    """Anonymous people are sent to log in; others are told they may not look.

    A declared step refused on a context the user may view answers as the
    step's domain refuses it (``core.security.steps``: its 403, code and
    Russian message); to anyone else the answer says no more than this one.
    """
    if request.identity is None and not is_api(request):
        return HTTPSeeOther(request.route_url("login", _query={"came_from": request.path_qs}))
    if request.identity is None:
        return error_response(request, 401, "unauthenticated", "Войдите в систему.")
    step = getattr(getattr(request.exception, "result", None), "step", None)
    if step is not None and request.has_permission(VIEW, request.context):
        return refused(step.refused(), request)
    return error_response(request, 403, "forbidden", "У вас нет доступа к этой странице или действию.")


@notfound_view_config()
def notfound(request):
    """Nothing lives at this address; an anonymous visitor is told what ``forbidden`` tells them."""
    # NB: else a 404 beside a 303 would tell a stranger which addresses exist (who is an attestee).
    if request.identity is None and not public_path(request):
        return forbidden(request)
    return error_response(request, 404, "not_found", "Такой страницы нет. Проверьте адрес.")


@exception_view_config(BadCSRFToken)
def bad_csrf(request):
    """An unsafe request without a valid CSRF token changes nothing."""
    request.tm.doom() if hasattr(request, "tm") else None
    return error_response(request, 400, "csrf", "Запрос отклонён: устаревшая или отсутствующая форма. "
                                               "Обновите страницу и повторите.")


@exception_view_config(TransientError)
def conflict(exc, request):
    """Someone changed the same data at the same moment: retried quietly, or a 409 "try again" at the last attempt.

    NB: pyramid_retry discards this answer and runs the request again while attempts are left.
    """
    last = is_last_attempt(request)
    request.registry.oko_conflicts.count(exc, retried=not last)
    if not last:
        log.debug("Конфликт при запросе %s, повтор: %s", request.path_qs, exc)
        return Response(status=409)
    log.warning("Конфликт при запросе %s не разрешён повторами: %s", request.path_qs, exc)
    return error_response(request, 409, "conflict", "Эти же данные в ту же минуту изменил другой пользователь, "
                                                    "и действие не выполнено. Повторите его.")


@exception_view_config(Exception)
def server_error(exc, request):
    """An unexpected failure: logged in full, shown to the user without details."""
    if isinstance(exc, (HTTPForbidden, HTTPNotFound)):
        raise exc
    log.exception("Необработанная ошибка при запросе %s", request.path_qs)
    return error_response(request, 500, "internal", "Произошла ошибка. Мы уже знаем о ней; повторите позже.")
