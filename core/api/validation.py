"""Validating API requests against the OpenAPI document, before the view runs."""
import datetime
import functools
import json

from jsonschema import Draft202012Validator

from core.api.spec import SPEC, operations
from core.refused import Refused


class ApiError(Refused):
    """An API request was refused with its own ``status`` and ``code`` (a validation error, a missing node)."""

    def __init__(self, status, code, message, details=None):
        super().__init__(message, code, details)
        self.STATUSES = {code: status}


def iso_date(value, field):
    """The date ``value`` (ГГГГ-ММ-ДД) of the body's ``field``; a validation ApiError naming the field otherwise."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ApiError(400, "validation", "Запрос не соответствует описанию API.",
                       [{"field": field, "message": "дата в виде ГГГГ-ММ-ДД"}]) from None


def _validator(schema):
    return Draft202012Validator({**schema, "components": SPEC["components"]})


def _messages(validator, value):
    return [{"field": "/".join(str(p) for p in e.absolute_path) or None, "message": e.message}
            for e in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))]


# The answers of a body's check kept by its bytes (bodies up to MEMO_BYTES, MEMO_SIZE per operation):
# the same bytes always check the same, and a workflow's bodies repeat ({"transition": "submit"}).
MEMO_BYTES, MEMO_SIZE = 512, 256


class _CheckedBodies:
    """The problems found in the bodies an operation met lately, remembered by their bytes.

    NB: a check of even a small body by jsonschema cost 0.06 ms of a
    transition's 1.5 ms in the application (measured by turning it off);
    a lookup here is a dictionary's.
    """

    def __init__(self, validator):
        self.validator = validator
        self._checked = functools.lru_cache(maxsize=MEMO_SIZE)(self._check)

    def problems(self, raw, body):
        """What ``body`` (parsed from ``raw``) breaks of the schema."""
        if len(raw) > MEMO_BYTES:
            return _messages(self.validator, body)
        # NB: fresh dicts: a caller may add to a problem it is given.
        return [dict(problem) for problem in self._checked(raw)]

    def _check(self, raw):
        return tuple(_messages(self.validator, json.loads(raw)))


def _missing(form, name, is_file):
    value = form.get(name)
    if is_file:
        return not hasattr(value, "file")
    return not (isinstance(value, str) and value.strip())


class Operation:
    """One operation's compiled checks."""

    def __init__(self, op):
        self.params = [(p, _validator(p["schema"])) for p in op.get("parameters", ())
                       if p["in"] == "query"]
        body = op.get("requestBody")
        self.body_required = bool(body and body.get("required"))
        content = (body or {}).get("content", {})
        self.json_body = (_CheckedBodies(_validator(content["application/json"]["schema"]))
                          if "application/json" in content else None)
        form = content.get("multipart/form-data", {}).get("schema")
        self.form_required = form.get("required", []) if form else None
        self.form_files = {name for name, prop in (form or {}).get("properties", {}).items()
                           if prop.get("format") == "binary"}

    def check(self, request):
        """The validated ``(params, body)``; raises ApiError with every problem found."""
        problems, params = [], {}
        for p, validator in self.params:
            raw = request.GET.get(p["name"])
            if raw is None:
                if p.get("required"):
                    problems.append({"field": p["name"], "message": "обязательный параметр"})
                elif "default" in p["schema"]:
                    params[p["name"]] = p["schema"]["default"]
                continue
            value = raw
            if p["schema"].get("type") == "integer":
                try:
                    value = int(raw)
                except ValueError:
                    problems.append({"field": p["name"], "message": "ожидается целое число"})
                    continue
            errors = _messages(validator, value)
            problems.extend({"field": p["name"], "message": e["message"]} for e in errors)
            params[p["name"]] = value
        body = None
        if self.json_body is not None:
            raw = request.body or b"null"
            try:
                body = json.loads(raw)
            except ValueError:
                problems.append({"field": None, "message": "тело запроса не является JSON"})
            else:
                if body is None and self.body_required:
                    problems.append({"field": None, "message": "нужно тело запроса в JSON"})
                elif body is not None:
                    problems.extend(self.json_body.problems(raw, body))
        elif self.form_required is not None:
            body = request.POST
            problems.extend({"field": name, "message": "обязательное поле"}
                            for name in self.form_required if _missing(body, name, name in self.form_files))
        if problems:
            raise ApiError(400, "validation", "Запрос не соответствует описанию API.", problems)
        return params, body


def openapi_deriver(view, info):
    """Validate the request against the operation named by the view's ``openapi`` option."""
    op_id = info.options.get("openapi")
    if not op_id:
        return view
    operation = Operation(operations()[op_id][2])

    def validating_view(context, request):
        request.api_params, request.api_body = operation.check(request)
        return view(context, request)
    return validating_view


openapi_deriver.options = ("openapi",)
