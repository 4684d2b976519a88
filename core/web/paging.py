"""One page of a long list, the same for the pages (``?page=``) and the API (``page``, ``per_page``).

A page asks for a page by number; anything that is not a whole number from 1
(missing, ``abc``, ``0``, ``-3``) is the first page, on every page alike. The
API's ``page`` and ``per_page`` are checked against its description before
the view runs (a 400 ``validation`` error names them).
"""
import dataclasses
import math


def page_number(value):
    """The page number ``value`` asks for: a whole number from 1, or 1 for anything else."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@dataclasses.dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of a list shown ``size`` rows at a time."""

    number: int
    size: int

    @property
    def offset(self):
        """How many rows come before this page."""
        return (self.number - 1) * self.size

    def rows(self, rows):
        """This page's slice of ``rows`` (a sequence)."""
        return rows[self.offset:self.offset + self.size]

    def count(self, total):
        """How many pages ``total`` rows make (one at least, also for none)."""
        return max(1, math.ceil(total / self.size))

    def within(self, total):
        """This page, or the last one when ``total`` rows end before it."""
        return dataclasses.replace(self, number=min(self.number, self.count(total)))

    def neighbours(self, total, url):
        """``(url of the page before, url of the page after)``, None where there is none; ``url(number)``."""
        return (url(self.number - 1) if self.number > 1 else None,
                url(self.number + 1) if self.number < self.count(total) else None)

    def body(self, total):
        """What the API says of this page of ``total`` rows."""
        return {"total": total, "page": self.number, "per_page": self.size}


def requested_page(request, size, name="page"):
    """The page of ``size`` rows the query string asks for (``?page=``, or ``name``)."""
    return Page(page_number(request.GET.get(name)), size)


def api_page(request):
    """The page the API request asks for (``page``, ``per_page``, validated against the API's description)."""
    return Page(request.api_params["page"], request.api_params["per_page"])
