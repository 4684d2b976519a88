"""The answers pages and the API share: an error as a Russian page or as the API's JSON, a file to save."""
from urllib.parse import quote

from pyramid.renderers import render_to_response
from pyramid.response import FileIter, Response
from pyramid.security import view_execution_permitted

API_PREFIX = "/api/"
# NB: an asset spec, not an import: the page is the layout's, the answer is the kit's.
ERROR_PAGE = "core.views:templates/error.pt"
HEADINGS = {400: "Запрос отклонён", 403: "Доступ запрещён", 404: "Страница не найдена",
            409: "Действие не выполнено", 500: "Внутренняя ошибка"}


def openable(request, node, view=""):
    """Whether ``request``'s user may open the page ``view`` of ``node``: a page offers a link only if so.

    The view's own permission, not ``view`` on the node: an anonymised answer is readable by the
    regional operator's grants, but its page is its experts' alone.
    """
    try:
        return bool(view_execution_permitted(node, request, view))
    except TypeError:  # the node has no such page
        return False


def is_api(request):
    """Whether the request is for the JSON API."""
    return request.path_info.startswith(API_PREFIX)


def json_error(status, code, message, details=None):
    """The API's error: ``{"error": {code, message, details}}`` (``details`` only when there are any)."""
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return Response(json_body=body, status=status, content_type="application/json", charset="utf-8")


def error_response(request, status, code, message, details=None):
    """An error answer: ``json_error`` for the API, a Russian page with the message for people."""
    if is_api(request):
        return json_error(status, code, message, details)
    # NB: no breadcrumbs: on a refused page they would name what the user may not see.
    response = render_to_response(ERROR_PAGE, {"heading": HEADINGS.get(status, "Ошибка"), "explanation": message,
                                               "crumbs": []}, request=request)
    response.status = status
    return response


def _saved_as(response, filename):
    # NB: RFC 5987's form: the names are Russian, and every browser reads it.
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def attachment(body, filename, content_type, charset=None):
    """A file to save: ``body`` bytes under ``filename``."""
    return _saved_as(Response(body=body, content_type=content_type, charset=charset), filename)


def file_response(request, file):
    """A download of a stored ``file`` (``core.resources.File``) with its original name, streamed."""
    response = Response(content_type=file.mimetype, app_iter=FileIter(file.open()))
    response.content_length = file.size
    return _saved_as(response, file.filename)
