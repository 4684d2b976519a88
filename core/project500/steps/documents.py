"""Steps 4 and 7 of the roadmap: concept documents and their versions, confirming documents,
measures, professional development and the confirmation of positive changes."""
import colander

from core.cases import inspected_file
from core.catalog import reindex
from core.project500 import access, indicators
from core.project500.forms import concept_schema
from core.project500.kinds import document_name
from core.project500.model import (
    ANTI_RISK_PROGRAMME,
    CONFIRMING_DOCUMENT,
    DEVELOPMENT_CONCEPT,
    DOCUMENT_TITLES,
    MEDIUM_TERM_PROGRAMME,
    ConceptDocument,
    ConfirmingDocument,
    Participation,
    Version,
)
from core.project500.steps._common import WORKFLOW, StepRefused, now_or, refresh
from core.resources import region_code_of
from core.translation import invalid_messages
from core.workflow import ACCEPTED, EDITABLE, SUBMITTED, means


def save_concept_document(host, p, document_type, actor, content, risk_factor=None, upload=None, now=None):
    """Save the school's concept document as a new version (created on the first save)."""
    access.SAVE_CONCEPT_DOCUMENT.require(p, actor)
    if document_type not in (DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME, ANTI_RISK_PROGRAMME):
        raise StepRefused(f"Неизвестный вид документа «{document_type}».", "invalid")
    if p.first_visit is None or not p.activated_risks:
        raise StepRefused("Концептуальные документы пишутся после первого посещения куратора "
                          "и активации рисковых направлений.")
    if document_type == ANTI_RISK_PROGRAMME and risk_factor not in p.activated_risks:
        raise StepRefused("Антирисковая программа пишется по активированному рисковому направлению.")
    region = region_code_of(p)
    try:
        data = concept_schema(host, region, document_type).deserialize(content)
    except colander.Invalid as exc:
        messages = invalid_messages(exc)
        raise StepRefused("Форма заполнена с ошибками: " + "; ".join(messages), "invalid", messages) from None
    name = document_name(document_type, risk_factor if document_type == ANTI_RISK_PROGRAMME else None)
    doc = p.get(name)
    if doc is not None and not means(doc, EDITABLE):
        raise StepRefused("Документ на проверке или подтверждён: его нельзя изменить.")
    file = inspected_file(host, region, document_type, *upload) if upload is not None else None
    if doc is None:
        title = DOCUMENT_TITLES[document_type]
        if risk_factor and document_type == ANTI_RISK_PROGRAMME:
            factor = next((f["title"] for f in host.risk_factors(region) if f["code"] == risk_factor), risk_factor)
            title = f"{title}: {factor}"
        due = host.deadlines(region, p.project_year).get("concept_documents")
        doc = ConceptDocument(title, document_type, WORKFLOW, actor, due=due, risk_factor=risk_factor)
        host.workflow(region, WORKFLOW).initialize(doc, actor, now)
        p.add(name, doc)
    version = Version(len(doc.versions) + 1, data, actor, now_or(now), file or (doc.versions[-1].file if doc.versions else None))
    doc.versions = doc.versions + (version,)
    doc.content, doc.file = data, version.file
    # NB: search finds a structured document by the text of its fields (a first version is indexed when added).
    reindex(doc, ["search_text"])
    refresh(host, p)
    return doc


def compare_versions(doc, a, b):
    """The lines that differ between versions ``a`` and ``b`` of a document, as a unified diff."""
    import difflib
    versions = {v.number: v for v in doc.versions}
    if a not in versions or b not in versions:
        raise StepRefused("Нет такой версии документа.", "invalid")
    return list(difflib.unified_diff(_as_lines(versions[a].content), _as_lines(versions[b].content),
                                     f"версия {a}", f"версия {b}", lineterm=""))


def _as_lines(content):
    lines = []
    for key, value in content.items():
        if isinstance(value, list):
            for n, row in enumerate(value, start=1):
                lines.append(f"{key} {n}: " + "; ".join(f"{k}={v}" for k, v in row.items()))
        else:
            lines.extend(f"{key}: {line}" for line in str(value).splitlines() or [""])
    return lines


def add_confirming_document(host, p, programme, measure, actor, upload, title=None, now=None):
    """Upload a document confirming measure number ``measure`` (from 1) of a confirmed anti-risk programme."""
    access.ADD_CONFIRMING_DOCUMENT.require(p, actor)
    if programme.document_type != ANTI_RISK_PROGRAMME or programme.__parent__ is not p:
        raise StepRefused("Подтверждающие документы относятся к антирисковой программе этой школы.", "invalid")
    if not means(programme, ACCEPTED):
        raise StepRefused("Антирисковая программа ещё не подтверждена куратором.")
    measures = programme.content.get("measures", [])
    if not 1 <= measure <= len(measures):
        raise StepRefused(f"В программе нет меры № {measure}.", "invalid")
    region = region_code_of(p)
    file = inspected_file(host, region, CONFIRMING_DOCUMENT, *upload)
    title = (title or "").strip() or f"Подтверждение: {measures[measure - 1]['measure'][:80]}"
    name = f"confirming-{programme.risk_factor}-{measure}-{len(p.documents(CONFIRMING_DOCUMENT)) + 1}"
    doc = ConfirmingDocument(title, CONFIRMING_DOCUMENT, WORKFLOW, actor, risk_factor=programme.risk_factor,
                             programme=programme.__name__, measure=measure)
    stage = indicators.stage_now(p)
    if stage != 1:
        doc.stage = stage
    host.workflow(region, WORKFLOW).initialize(doc, actor, now)
    doc.file = file
    doc.content = {"measure": measures[measure - 1]["measure"]}
    p.add(name, doc)
    refresh(host, p)
    return doc


def confirm_positive_changes(host, p, actor, now=None):
    """The curator confirms the stage of positive changes for the school."""
    access.CONFIRM_POSITIVE_CHANGES.require(p, actor)
    programmes = [d for d in indicators.concept_documents(p)[2:] if d is not None]
    confirming = p.documents(CONFIRMING_DOCUMENT)
    covered = {d.programme for d in confirming if means(d, ACCEPTED)}
    if not programmes or any(prog.__name__ not in covered for prog in programmes):
        raise StepRefused("По каждой антирисковой программе нужен хотя бы один подтверждающий документ, "
                          "подтверждённый куратором.")
    if p.sampled and not all(d.conforms for d in confirming if means(d, ACCEPTED)):
        raise StepRefused("Подтверждающие документы школы из выборки должны пройти экспертизу.")
    p.positive_changes_confirmed = True
    p.record("positive_changes_confirmed", actor, now=now)
    if not p.positive_stages:
        day = now_or(now)
        p.positive_stages = ((1, day.date() if hasattr(day, "date") else day, actor),)
    refresh(host, p)


def record_professional_development(host, p, took_part, actor, now=None):
    """Record the school's team taking part in professional development courses."""
    access.RECORD_PROFESSIONAL_DEVELOPMENT.require(p, actor)
    p.professional_development = bool(took_part)
    p.record("professional_development", actor, "да" if took_part else "нет", now=now)
    refresh(host, p)


def measures_ready(p):
    """Whether ``p``'s measures may be activated now: risks activated, every concept document confirmed."""
    return bool(p.activated_risks) and not p.measures_activated and \
        all(d is not None and means(d, ACCEPTED) for d in indicators.concept_documents(p))


def activate_measures(host, p, actor, now=None):
    """The school activates the basic directions and measures of its programmes."""
    access.ACTIVATE_MEASURES.require(p, actor)
    if not p.activated_risks:
        raise StepRefused("Сначала куратор активирует рисковые направления.")
    if p.measures_activated:
        raise StepRefused("Основные направления и меры уже активированы.")
    # NB: the measures are those of the school's programmes: a step taken before the curator confirmed
    # them would activate measures nobody has checked (seed 004's order of steps).
    if not measures_ready(p):
        raise StepRefused("Сначала куратор подтверждает концептуальные документы школы: "
                          "концепцию, среднесрочную и антирисковые программы.")
    p.measures_activated = True
    p.record("measures_activated", actor, now=now)
    refresh(host, p)


def on_document_transition(host, region, doc, entry):
    """Keep a participation's indicators in step with its documents' transitions."""
    p = getattr(doc, "__parent__", None)
    if not isinstance(p, Participation):
        return
    if means(doc, SUBMITTED):
        doc.submitted_at = entry.at
    refresh(host, p, region)
