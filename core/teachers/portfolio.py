"""The teacher's e-portfolio: evidence by section, kept across attestation cycles, verified once.

A portfolio belongs to the person (their log-in), not to one year's dossier:
it is kept in the site's ``teacher_portfolios`` service, made on first use.
The school's attestation officer verifies a piece of evidence once; a later
cycle presents it again without a new check. The sections are the region's
(``oko_portfolio_sections``: Sverdlovsk's РАСАТ adds its own).
"""
import dataclasses
import datetime
import secrets

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.cases import inspected_file
from core.refused import StepRefused
from core.resources import find_root

SERVICE = "teacher_portfolios"
DOCUMENT_TYPE = "portfolio_evidence"


@dataclasses.dataclass(frozen=True)
class Evidence:
    """One piece of evidence: its section, what it shows, the school year, the file, its check."""

    id: str
    section: str
    title: str
    school_year: int
    file: object
    added_by: str
    added_at: datetime.datetime
    verified_by: str = None
    verified_at: datetime.datetime = None

    @property
    def verified(self):
        """Whether the school has checked it."""
        return self.verified_by is not None


class Portfolio(Persistent):
    """A teacher's e-portfolio."""

    def __init__(self, login):
        self.login = login
        self.entries = ()

    def get(self, entry_id):
        """The evidence ``entry_id``, or None."""
        return next((e for e in self.entries if e.id == entry_id), None)

    def verified(self):
        """The verified evidence, from every cycle."""
        return [e for e in self.entries if e.verified]

    def by_section(self, sections):
        """``[(section, [evidence])]`` in the region's order (unknown sections last)."""
        known = {s["code"] for s in sections}
        groups = [(s, [e for e in self.entries if e.section == s["code"]]) for s in sections]
        other = [e for e in self.entries if e.section not in known]
        if other:
            groups.append(({"code": "", "title": "Другие разделы"}, other))
        return groups


def portfolio_of(obj, login, create=False):
    """The portfolio of ``login`` in the site ``obj`` belongs to (made on first write when ``create``)."""
    services = find_root(obj).services
    portfolios = services.get(SERVICE)
    if portfolios is None:
        if not create:
            return None
        portfolios = services[SERVICE] = OOBTree()
    portfolio = portfolios.get(login)
    if portfolio is None and create:
        portfolio = portfolios[login] = Portfolio(login)
    return portfolio


def add_evidence(host, site, region, login, section, title, school_year, upload, now=None):
    """Add a piece of evidence to ``login``'s portfolio; raises StepRefused / UploadRefused (Russian).

    ``upload`` is ``(stream, filename, mimetype)``; nothing is stored when it is refused.
    """
    codes = {s["code"] for s in host.portfolio_sections(region)}
    if section not in codes:
        raise StepRefused(f"Неизвестный раздел портфолио «{section}».", "invalid")
    title = (title or "").strip()
    if not title:
        raise StepRefused("Укажите, что подтверждает документ.", "invalid")
    file = inspected_file(host, region, DOCUMENT_TYPE, *upload)
    entry = Evidence(f"e{secrets.token_hex(5)}", section, title, school_year, file, login,
                     now or datetime.datetime.now(datetime.timezone.utc))
    portfolio = portfolio_of(site, login, create=True)
    portfolio.entries = portfolio.entries + (entry,)
    return entry


def verify_evidence(portfolio, entry_id, actor, now=None):
    """Mark a piece of evidence verified (once: a verified one stays as it was checked)."""
    entry = portfolio.get(entry_id)
    if entry is None:
        raise StepRefused("Нет такого документа в портфолио.", "invalid")
    if entry.verified:
        return entry
    checked = dataclasses.replace(entry, verified_by=actor,
                                  verified_at=now or datetime.datetime.now(datetime.timezone.utc))
    portfolio.entries = tuple(checked if e.id == entry_id else e for e in portfolio.entries)
    return checked
