"""What a school's year and a teacher's dossier await, and from whom (``core.workflow.process``).

The dossier's steps are a line (``cyclogram.STEPS``): it awaits the one it is
at. The steps before the teacher has a personal account are the school's:
its year awaits them, one line per step naming the teachers.
"""
import datetime

from core.resources import find_root, region_code_of
from core.security.roles import ATTESTEE
from core.teachers.cyclogram import ASSIGN_EXPERT, DONE, EXPERT_MANAGERS, SCHOOL_STEPS, STEP_ROLES, STEP_TITLES
from core.workflow.process import Awaited

ASSIGN_EXPERT_TITLE = "назначить эксперта: в пуле региона нет подходящего"

# The page where each step is taken (its form); "" the dossier's own page. NB: a page, never the POST
# that takes the step: the commission decides with the form on the dossier's page.
STEP_VIEWS = {"upload_materials": "materials", "give_consent": "materials", "review": "review",
              "record_result": "result"}


def year_awaited(host, year):
    """The year's pre-account steps: one per step, naming its first teachers, due when the soonest is."""
    waiting = {}
    for d in year.dossiers():
        if d.step in SCHOOL_STEPS:
            waiting.setdefault(d.step, []).append(d)
    found = []
    for step in SCHOOL_STEPS:
        dossiers = sorted(waiting.get(step, ()), key=lambda d: (d.due or datetime.date.max, d.full_name))
        if dossiers:
            names = ", ".join(d.full_name for d in dossiers[:3]) + (
                f" и ещё {len(dossiers) - 3}" if len(dossiers) > 3 else "")
            found.append(Awaited(step, f"{STEP_TITLES[step]}: {names}", STEP_ROLES[step], None, dossiers[0].due))
    return found


def dossier_awaited(host, dossier):
    """The dossier's own step (the school's year awaits the earlier ones); a teacher's step is that teacher's."""
    if dossier.step in SCHOOL_STEPS or dossier.step == DONE:
        return []
    if dossier.awaits_expert:
        # NB: the operator does not read the dossier: the step is taken on the region's pool of experts.
        region = find_root(dossier)[region_code_of(dossier)]
        return [Awaited(ASSIGN_EXPERT, ASSIGN_EXPERT_TITLE, EXPERT_MANAGERS, None, dossier.due, (region, "teachers"))]
    roles = STEP_ROLES[dossier.step]
    principals = frozenset({dossier.login}) if ATTESTEE in roles else None
    return [Awaited(dossier.step, STEP_TITLES[dossier.step], roles, principals, dossier.due,
                    STEP_VIEWS.get(dossier.step, ""))]
