"""The region's experts of teacher attestation: the pool, and the expert drawn for each dossier.

The regional operator keeps a pool of experts per region. When a teacher
gives consent, the dossier goes for review and one expert of the pool is
drawn for it: the least loaded, never the teacher, never a member of the
region's commission, never one who works in the teacher's school (as the
expert's own roles say, ``core.security.workplaces``). The expert gets the
role ``expert`` on that dossier alone, and reads no other dossier. When the
pool has nobody to draw, the dossier waits for the regional operator
(«Мои задачи»), who widens the pool and draws again.
"""
import hashlib

from BTrees.OOBTree import OOBTree

from core.catalog import Query
from core.refused import StepRefused
from core.resources import Region, find_root, path_of, region_code_of
from core.security.roles import grant, local_roles
from core.security.users import users_of
from core.security.workplaces import conflict, describe
from core.teachers.access import ADD_EXPERT, MANAGERS, REMOVE_EXPERT
from core.teachers.model import COMMISSION_ROLES, TeacherDossier

SERVICE = "teacher_experts"


def pool(region, create=False):
    """The region's pool: ``{login: dossiers drawn}`` (None before the first expert, unless ``create``)."""
    services = find_root(region).services
    regions = services.get(SERVICE)
    if regions is None:
        if not create:
            return None
        regions = services[SERVICE] = OOBTree()
    found = regions.get(region.code)
    if found is None and create:
        found = regions[region.code] = OOBTree()
    return found


def members(region):
    """``[(user, where the user works)]``: the region's experts by name."""
    site = find_root(region)
    users = users_of(site)
    found = [users[login] for login in (pool(region) or ()) if login in users]
    return [(user, describe(site, user)) for user in sorted(found, key=lambda u: u.title)]


def commission_of(region):
    """The logins of the region's teacher attestation commission (chair, secretary, members)."""
    return {login for login, roles in local_roles(region).items() if roles & set(COMMISSION_ROLES)}


def add_expert(region, user, actor):
    """Add ``user`` to the region's pool of teacher attestation experts."""
    if not isinstance(region, Region):
        raise StepRefused("Пул экспертов ведёт регион.", "invalid")
    ADD_EXPERT.require(region, actor)
    if user.login == actor:
        raise StepRefused("Себя в эксперты не включают: это делает другой оператор.", "forbidden")
    if user.login in commission_of(region):
        raise StepRefused("Член аттестационной комиссии не проводит экспертизу портфолио.", "invalid")
    found = pool(region, create=True)
    if user.login not in found:
        found[user.login] = 0


def remove_expert(region, user, actor):
    """Take ``user`` out of the pool (the dossiers already drawn for the expert stay with it)."""
    REMOVE_EXPERT.require(region, actor)
    found = pool(region)
    if found is None or user.login not in found:
        raise StepRefused(f"{user.title} не входит в пул экспертов.", "invalid")
    del found[user.login]


def _candidates(region, dossier):
    site = find_root(region)
    users = users_of(site)
    school = dossier.__parent__.__parent__
    commission = commission_of(region)
    found = pool(region) or {}
    logins = [login for login in found
              if login in users and login != dossier.login and login not in commission
              and login not in dossier.experts and conflict(site, users[login], school) is None]
    # NB: ties broken by a hash of the dossier and the expert: no order to guess, the same every time.
    logins.sort(key=lambda login: (found[login], hashlib.sha256(f"{dossier.uid}|{login}".encode()).hexdigest()))
    return [users[login] for login in logins]


def draw(dossier, actor=None, now=None):
    """Draw an expert of the region's pool for ``dossier`` (due for review); returns the expert or None.

    ``actor`` None: the process draws, on the teacher's consent.
    """
    region = find_root(dossier)[region_code_of(dossier)]
    candidates = _candidates(region, dossier)
    if not candidates:
        return None
    expert = candidates[0]
    grant(dossier, expert, "expert", actor, via="draw_teacher_expert", now=now)
    dossier.experts = dossier.experts + (expert.login,)
    found = pool(region)
    found[expert.login] = found[expert.login] + 1
    dossier.record("expert_drawn", actor or "", expert.title, now)
    return expert


def waiting(region):
    """The region's dossiers due for review with no expert drawn (from the catalog)."""
    query = Query(find_root(region))
    c = query.catalog
    found = (c["type_name"].eq(TeacherDossier.type_name) & c["ancestors"].any([path_of(region)])
             & c["awaiting"].any(list(MANAGERS))).execute().all(resolve=False)
    return [d for d in map(query.resolve, found) if d is not None and d.awaits_expert]
