"""The 500+ roadmap's own monitoring (seed 004): the stages of positive changes after the first, and the
webinars of exchange of experience.

004 monitors positive changes in stages («в рамках мониторинга 1 этапа
наступления позитивных изменений»): a confirming document belongs to the
stage under way when it is added (``stage_now``), and the curator confirms
a stage once every anti-risk programme has a confirmed confirming document
of that stage (the first stage is ``confirm_positive_changes``, which the
later ones follow). A participation keeps its confirmed stages in
``positive_stages`` (``(stage, day, actor)``). The weekly webinars
(«Доля школ-участниц проекта и кураторов ОО … принявших участие в вебинарах
по обмену опытом … в качестве зрителя и выступающего») are recorded per
school in ``webinars`` (``(day, role)``).
"""
import datetime

from core.project500 import access, indicators
from core.project500.indicators import STAGES, positive_stages, stage_of
from core.project500.kinds import CONFIRMING_DOCUMENT
from core.project500.steps._common import StepRefused, now_or, refresh
from core.project500.steps.documents import confirm_positive_changes
from core.workflow import ACCEPTED, means

WEBINAR_ROLES = {"viewer": "зритель", "speaker": "выступающий"}


def confirm_positive_stage(host, p, actor, stage, now=None):
    """The curator confirms stage ``stage`` of positive changes: the first as ``confirm_positive_changes``,
    a later one once the one before is confirmed and each anti-risk programme has a confirming document of
    this stage confirmed (and, for a school of the review sample, conforming)."""
    access.CONFIRM_POSITIVE_CHANGES.require(p, actor)
    if stage not in STAGES:
        raise StepRefused(f"Этапов позитивных изменений {len(STAGES)}: этапа {stage} нет.", "invalid")
    done = positive_stages(p)
    if stage in done:
        raise StepRefused(f"{STAGES[stage].capitalize()} уже подтверждён.")
    if stage != len(done) + 1:
        raise StepRefused(f"Сначала подтверждается {STAGES[len(done) + 1]}.")
    if stage == 1:
        # NB: the first stage is the step the project always had; it keeps its stage itself.
        confirm_positive_changes(host, p, actor, now)
        return
    programmes = [d for d in indicators.concept_documents(p)[2:] if d is not None]
    confirming = [d for d in p.documents(CONFIRMING_DOCUMENT) if stage_of(d) == stage]
    accepted = {d.programme for d in confirming if means(d, ACCEPTED)}
    if not programmes or any(prog.__name__ not in accepted for prog in programmes):
        raise StepRefused(f"Для этапа {stage} по каждой антирисковой программе нужен подтверждающий документ "
                          f"этого этапа, подтверждённый куратором.")
    if p.sampled and not all(d.conforms for d in confirming if means(d, ACCEPTED)):
        raise StepRefused("Подтверждающие документы школы из выборки должны пройти экспертизу.")
    p.record("positive_changes_confirmed", actor, STAGES[stage], now=now)
    day = now_or(now)
    day = day.date() if isinstance(day, datetime.datetime) else day
    p.positive_stages = tuple(p.positive_stages) + ((stage, day, actor),)
    refresh(host, p)


def record_webinar(host, p, held_on, role, actor, now=None):
    """Record the school (its head or its curator) taking part in a webinar of ``held_on`` as ``role``
    («viewer» or «speaker»)."""
    access.RECORD_WEBINAR.require(p, actor)
    if role not in WEBINAR_ROLES:
        raise StepRefused("Участие в вебинаре — в качестве зрителя или выступающего.", "invalid")
    if not isinstance(held_on, datetime.date):
        raise StepRefused("Укажите дату вебинара.", "invalid")
    if (held_on, role) in p.webinars:
        raise StepRefused("Это участие уже отмечено.")
    p.webinars = tuple(sorted(tuple(p.webinars) + ((held_on, role),)))
    p.record("webinar", actor, f"{held_on:%d.%m.%Y}, {WEBINAR_ROLES[role]}", now=now)
    refresh(host, p)
