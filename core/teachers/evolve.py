"""Evolve steps of teacher attestation (numbered in the one sequence of ``core.evolve``)."""
from core.catalog import Query, reindex
from core.resources import path_of
from core.security.audit import audit_log
from core.security.roles import ATTESTEE, local_roles
from core.teachers import experts
from core.teachers.deadlines import SERVICE, awaiting_of
from core.teachers.model import TeacherDossier


def teachers_by_municipality(site):
    """Each region's teacher deadline index keeps its dossiers by municipality (the coordinators' overdue pages)."""
    from BTrees.OOBTree import OOBTree

    for index in site.services.get(SERVICE, {}).values():
        if index.by_municipality is None:
            index.by_municipality = OOBTree()
            index._file_by_municipality(index.paths.items())


def access_by_steps(site):
    """Access as the steps hand it out: the audit journal; a teacher's own dossier held as its attestee;
    the experts once granted on a region put into its pool, and drawn for the dossiers due for review."""
    audit_log(site)
    users = site.services["users"]
    for region in site.values():
        for login, roles in local_roles(region).items():
            if "expert" in roles and login in users:
                experts.pool(region, create=True).setdefault(login, 0)
    query = Query(site)
    found = query.catalog["type_name"].eq(TeacherDossier.type_name).execute().all(resolve=False)
    for dossier in filter(None, map(query.resolve, found)):
        held = local_roles(dossier)
        if dossier.login in held and "teacher" in held[dossier.login]:
            roles = (held[dossier.login] - {"teacher"}) | {ATTESTEE}
            dossier.local_roles = {**held, dossier.login: roles}
            if dossier.login in users:
                users[dossier.login].grants[path_of(dossier)] = roles
        if dossier.awaits_expert:
            experts.draw(dossier)
        dossier.awaiting_roles = awaiting_of(dossier.step, dossier)
        reindex(dossier, ("awaiting",))


STEPS = [
    (12, "просроченные шаги аттестации педагогов по муниципалитетам", teachers_by_municipality),
    (13, "доступ по шагам: журнал аудита, аттестуемый педагог, пул экспертов региона", access_by_steps),
]
