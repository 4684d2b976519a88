"""What a school's year and a teacher's dossier await, and from whom ("Мои задачи", `oko remind`)."""
import datetime

from core.resources import find_root, region_code_of
from core.security.roles import ATTESTEE, effective_roles
from core.teachers.cyclogram import ASSIGN_EXPERT, DONE, EXPERT_MANAGERS, SCHOOL_STEPS, STEP_ROLES, STEP_TITLES

ASSIGN_EXPERT_TITLE = "назначить эксперта: в пуле региона нет подходящего"

STEP_VIEWS = {"upload_materials": "materials", "give_consent": "materials", "review": "review",
              "decide": "decide", "record_result": "result"}


def school_steps_for(host, year, login):
    """The year's pre-account steps awaiting ``login``: one line per step, naming the teachers."""
    roles = effective_roles(year, login)
    waiting = {}
    for d in year.dossiers():
        if d.step in SCHOOL_STEPS and STEP_ROLES[d.step] & roles:
            waiting.setdefault(d.step, []).append(d)
    rows = []
    for step in SCHOOL_STEPS:
        found = sorted(waiting.get(step, ()), key=lambda d: (d.due or datetime.date.max, d.full_name))
        if found:
            names = ", ".join(d.full_name for d in found[:3]) + (f" и ещё {len(found) - 3}" if len(found) > 3 else "")
            rows.append((step, f"{STEP_TITLES[step]}: {names}", found[0].due, ""))
    return rows


def dossier_steps_for(host, dossier, login):
    """The dossier's own step, if it awaits ``login`` (the school's year shows the earlier ones)."""
    if dossier.step in SCHOOL_STEPS or dossier.step == DONE:
        return []
    roles = effective_roles(dossier, login)
    if dossier.awaits_expert:
        # NB: the operator does not read the dossier: the task leads to the region's pool of experts.
        if not EXPERT_MANAGERS & roles:
            return []
        return [(ASSIGN_EXPERT, ASSIGN_EXPERT_TITLE, dossier.due, (find_root(dossier)[region_code_of(dossier)],
                                                                   "teachers"))]
    if not STEP_ROLES[dossier.step] & roles:
        return []
    if ATTESTEE in STEP_ROLES[dossier.step] and dossier.login != login:
        return []
    return [(dossier.step, STEP_TITLES[dossier.step], dossier.due, STEP_VIEWS.get(dossier.step, ""))]
