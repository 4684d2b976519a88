"""The personal account: the portfolio form (extendable by the region) and the consent."""
import colander

from core.attestation import access
from core.attestation._common import move
from core.attestation.model import AttestationRefused, now_or
from core.resources import region_code_of
from core.translation import invalid_messages
from core.workflow import EDITABLE, OPEN, means

PORTFOLIO = "leader_portfolio"
CONSENT_TEXT = ("Даю согласие на обработку моих персональных данных (Федеральный закон от 27.07.2006 "
                "№ 152-ФЗ «О персональных данных») в целях проведения аттестации.")


def portfolio_schema(host, region):
    """The portfolio form of ``region``: a field per portfolio section, then the region's own fields."""
    schema = colander.SchemaNode(colander.Mapping(), name="portfolio", title="Портфолио")
    for section in host.portfolio_sections(region):
        schema.add(colander.SchemaNode(colander.String(), name=section["code"], title=section["title"],
                                       missing="", validator=colander.Length(max=5000)))
    return host.extend_schema(region, PORTFOLIO, schema)


def register(host, dossier, portfolio, consent, actor, now=None):
    """Save the attestee's portfolio and consent; the first time, register the attestee.

    ``portfolio`` is the form's values (validated here against the region's
    schema); without consent, or with an empty portfolio, nothing is kept.
    """
    access.REGISTER.require(dossier, actor)
    if dossier.attestee != actor:
        raise AttestationRefused("Портфолио заполняет сам аттестуемый.", "forbidden")
    if not means(dossier, OPEN, EDITABLE):
        raise AttestationRefused("Портфолио можно изменить только до начала тестирования.")
    schema = portfolio_schema(host, region_code_of(dossier))
    try:
        values = schema.deserialize(portfolio or {})
    except colander.Invalid as exc:
        messages = invalid_messages(exc)
        raise AttestationRefused("Портфолио не сохранено: " + "; ".join(messages), "invalid", messages) from None
    values = {k: v for k, v in values.items() if v not in ("", None)}
    problems = []
    if not values:
        problems.append("заполните хотя бы один раздел портфолио")
    if not consent:
        problems.append("нужно согласие на обработку персональных данных")
    if problems:
        raise AttestationRefused("Регистрация не выполнена: " + "; ".join(problems) + ".", "invalid", problems)
    dossier.portfolio = values
    if dossier.consent_at is None:
        dossier.consent_at = now_or(now)
    if means(dossier, OPEN):
        move(host, dossier, "register", actor, now=now)
