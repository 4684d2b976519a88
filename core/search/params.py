"""What a person asks a search: the words and the filters, read from a query string (the page's or the API's).

``core.search.query`` answers them.
"""
import dataclasses
import datetime
from typing import Optional

from core.refused import Refused

SORTS = ("relevance", "date")
TYPES = ("act", "document")
MAX_QUERY = 200


@dataclasses.dataclass(frozen=True)
class SearchParams:
    """What a person asked: the words and the filters (all optional but the words)."""

    q: str = ""
    type: Optional[str] = None
    kind: Optional[str] = None
    status: Optional[str] = None
    authority: Optional[str] = None
    date_from: Optional[datetime.date] = None
    date_to: Optional[datetime.date] = None
    sort: str = "relevance"


class ParamError(Refused, ValueError):
    """A parameter cannot be understood; ``field`` names it, the message is Russian."""

    ERROR = "validation"

    def __init__(self, field, message):
        super().__init__(message, "invalid", [{"field": field, "message": message}])
        self.field = field

    def as_error(self):
        """The API's validation error, as for a parameter its description refuses."""
        return 400, self.ERROR, "Запрос не соответствует описанию API.", self.details


def _date(field, value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ParamError(field, "Дата указана неверно: нужен формат ГГГГ-ММ-ДД.") from None


def _text(value, limit=100):
    value = (value or "").strip()
    return value[:limit] or None


def parse_params(get):
    """``SearchParams`` from a mapping of strings (a query string).

    Raises ParamError for a date that is not a date or a range that ends
    before it starts; unknown types and sorts fall back to "any" and
    relevance.
    """
    authority = _text(get.get("authority"), 500)
    if authority is not None:
        authority = "/" + authority.strip("/")
    params = SearchParams(
        q=(get.get("q") or "").strip()[:MAX_QUERY],
        type=get.get("type") if get.get("type") in TYPES else None,
        kind=_text(get.get("kind")), status=_text(get.get("status")), authority=authority,
        date_from=_date("date_from", get.get("date_from")), date_to=_date("date_to", get.get("date_to")),
        sort=get.get("sort") if get.get("sort") in SORTS else "relevance")
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ParamError("date_to", "Дата «по» раньше даты «с».")
    return params
