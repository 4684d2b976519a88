"""Bringing people in: each row of a list (or the one-person form) checked, then accounts, roles and invitations.

``plan`` checks every row against the tree, the accounts there are and the
rule of ranks, and says what each row would do: a new account (``NEW``),
a role more for someone who has an account (``GRANT``), or nothing, since
it is all there already (``SAME``: importing a list again changes nothing).
It writes nothing. ``apply`` does what a plan without a problem says: it
makes the accounts (no password: the person chooses it by their
invitation), grants the roles, issues the invitations and journals it all.

A row is refused, with its line, when its organisation is not under the
node the list is loaded on, its role is one the importer may not grant
there (or one a step hands out, or not held at that level), its e-mail or
phone are malformed, its address appears twice in the list or belongs to
an account of another name, or it is the importer's own.
"""
import dataclasses

from core.accounts import access, links
from core.accounts.model import (
    AccountRefused,
    email_problem,
    name_problem,
    normal_name,
    normal_phone,
    position_problem,
    role_misfit,
    sentence,
)
from core.accounts.places import OrganisationFinder, label, require_runs
from core.resources import find_root, path_of
from core.security import audit, directory
from core.security.passwords import login_problem
from core.security.roles import ROLES, STEP_ROLES, effective_roles, grant, grantable_roles, local_roles
from core.security.users import find_user, new_user, normal_email, normal_login, user_by_email, users_of

NEW, GRANT, SAME = "new", "grant", "same"
OUTCOMES = {NEW: "новая учётная запись, приглашение", GRANT: "ещё одна роль существующему пользователю",
            SAME: "без изменений: уже есть"}
# How an entry of the journal says the account came to be (``via``), and how a person reads it.
VIA_FORM, VIA_LIST, VIA_AGAIN = "invitation", "list", "invitation_again"
VIA_TITLES = {VIA_FORM: "приглашение по одному", VIA_LIST: "список", VIA_AGAIN: "приглашение повторно",
              "open_account": "личный кабинет педагога", "access": "страница доступа"}


@dataclasses.dataclass
class Row:
    """One person as a list's line (or the form) gives them; ``organisation`` is a code or a node."""

    line: int
    name: str = ""
    email: str = ""
    phone: str = ""
    position: str = ""
    organisation: object = ""
    role: str = ""


@dataclasses.dataclass
class Planned:
    """What one checked row will do: its cleaned values, the organisation, the role, the account if there is one."""

    line: int
    name: str
    email: str
    phone: str
    position: str
    organisation: object
    role: str
    user: object
    outcome: str

    @property
    def outcome_title(self):
        """What the row will do, as a person reads it."""
        return OUTCOMES[self.outcome]

    @property
    def role_title(self):
        """The role, as a person reads it."""
        return ROLES[self.role]

    @property
    def organisation_title(self):
        """The organisation, with its code."""
        return label(self.organisation)


@dataclasses.dataclass
class Invited:
    """A person given a new account, and the token of their invitation (for the link; shown or mailed once)."""

    user: object
    token: str
    organisation: object
    role: str


def _role_key(text):
    """The role a cell names: its code (``school_head``) or its Russian title, without case; None if none."""
    value = " ".join((text or "").split()).lower().replace("ё", "е")
    for role, title in ROLES.items():
        if value in (role, title.lower().replace("ё", "е")):
            return role
    return None


class _Checker:
    """The checks of one plan: the organisations found once, the actor's roles read once per place."""

    def __init__(self, node, actor):
        self.node = node
        self.site = find_root(node)
        self.actor = actor
        self.finder = OrganisationFinder(node)
        self.roles_at = {}
        self.seen = {}

    def prepare(self, rows):
        codes = [r.organisation for r in rows if isinstance(r.organisation, str)]
        self.orgs = self.finder.find(codes)

    def organisation(self, row):
        if not isinstance(row.organisation, str):
            return row.organisation, None
        code = row.organisation.strip()
        if not code:
            return None, "не указан код организации"
        if code.lower() in self.finder.ambiguous:
            return None, f"код организации «{code}» есть у нескольких организаций «{self.node.title}»: " \
                         "загрузите список на странице региона или муниципалитета"
        org = self.orgs.get(code.lower())
        if org is None:
            return None, f"организация с кодом «{code}» не найдена в «{self.node.title}»"
        return org, None

    def actor_roles(self, org):
        key = path_of(org)
        if key not in self.roles_at:
            self.roles_at[key] = effective_roles(org, self.actor)
        return self.roles_at[key]

    def role(self, row, org):
        role = _role_key(row.role)
        if not (row.role or "").strip():
            return None, "не указана роль"
        if role is None:
            return None, f"нет такой роли «{row.role.strip()}»"
        if role in STEP_ROLES:
            return None, f"роль «{ROLES[role]}» назначают только на своём шаге: {STEP_ROLES[role]}"
        if org is None:
            return role, None
        misfit = role_misfit(role, org)
        if misfit:
            return None, misfit
        if role not in grantable_roles(self.actor_roles(org)):
            return None, (f"вы не можете назначить роль «{ROLES[role]}» в «{org.title}»: "
                          "её назначает оператор уровнем выше")
        return role, None

    def account(self, row, email, name):
        """``(user or None, problem)``: the account of the row's address, if it is this person's."""
        user = user_by_email(self.site, email)
        if user is None:
            user = users_of(self.site).get(normal_login(email))
            if user is not None and normal_email(user.email) != email:
                return None, f"имя пользователя «{email}» уже занято другой учётной записью"
        if user is None:
            problem = login_problem(normal_login(email))
            return None, (f"адрес «{email}» не годится для имени пользователя: {problem[:1].lower()}{problem[1:]}"
                          if problem else None)
        if user.login == self.actor:
            return None, "себе роль назначить нельзя: обратитесь к оператору уровнем выше"
        if normal_name(user.title) != normal_name(name):
            return None, f"адрес {email} уже указан у пользователя «{user.title}»: проверьте адрес или ФИО"
        if user.suspended:
            return None, f"учётная запись {email} приостановлена: сначала восстановите её"
        return user, None

    def check(self, row):
        """``(Planned or None, [problems])`` of one row."""
        name = " ".join((row.name or "").split())
        email = normal_email(row.email)
        position = " ".join((row.position or "").split())
        phone, phone_problem = normal_phone(row.phone)
        org, org_problem = self.organisation(row)
        role, role_problem = self.role(row, org)
        problems = [p for p in (name_problem(name), email_problem(email), phone_problem, position_problem(position),
                                org_problem, role_problem) if p]
        if email and not email_problem(email):
            first = self.seen.setdefault(email, row.line)
            if first != row.line:
                problems.append(f"адрес {email} уже есть в строке {first}")
        if problems:
            return None, problems
        user, problem = self.account(row, email, name)
        if problem:
            return None, [problem]
        outcome = NEW if user is None else SAME if role in local_roles(org).get(user.login, ()) else GRANT
        return Planned(row.line, name, email, phone, position, org, role, user, outcome), []


def plan(node, actor, rows):
    """``(planned, problems)``: what each row of ``rows`` (``Row``) would do, and every problem, line by line.

    Writes nothing. A problem reads «Строка N: …» (a row of line 0, the form's, has no line).
    """
    checker = _Checker(node, actor)
    rows = list(rows)
    checker.prepare(rows)
    planned, problems = [], []
    for row in rows:
        done, found = checker.check(row)
        if found:
            problems.append(f"Строка {row.line}: {'; '.join(found)}." if row.line else sentence(*found))
        else:
            planned.append(done)
    return planned, problems


def apply(node, planned, actor, via=VIA_LIST, now=None):
    """Make the accounts, grant the roles and issue the invitations of ``planned`` (a plan without problems).

    Returns the ``Invited``: one per new account, with the token of its link.
    """
    (access.INVITE if via == VIA_FORM else access.IMPORT_LIST).require(node, actor)
    site = find_root(node)
    invited = []
    for p in planned:
        if p.outcome == SAME:
            continue
        org_path = path_of(p.organisation)
        user = p.user
        if p.outcome == NEW:
            try:
                user = new_user(site, p.email, p.name, p.email)
            except ValueError as exc:
                # NB: the plan checked this; only a change between the plan and now brings it here.
                raise AccountRefused(f"Строка {p.line}: {exc}") from None
            user.phone, user.position, user.organisation = p.phone, p.position, org_path
            audit.record(site, actor, "account_created", org_path, user.login, p.role, via, now)
        grant(p.organisation, user, p.role, actor, via=via, now=now)
        if p.outcome == NEW:
            token = links.issue(site, user.login, links.INVITE, actor, now)
            audit.record(site, actor, "invited", org_path, user.login, p.role, via, now)
            invited.append(Invited(user, token, p.organisation, p.role))
    return invited


def invite_one(node, actor, row, now=None):
    """Invite one person (the form): ``(Planned, Invited or None)``; AccountRefused (``invalid``) with the problems."""
    planned, problems = plan(node, actor, [row])
    if problems:
        raise AccountRefused(" ".join(problems), "invalid", problems)
    invited = apply(node, planned, actor, VIA_FORM, now)
    return planned[0], (invited[0] if invited else None)


def account_for(organisation, name, address, actor, via, now=None):
    """``(user, invited)``: the account ``address`` names (a log-in name or an e-mail) or, for an address nobody
    has, a new account of ``name`` at ``organisation``, without a role, invited (``Invited``; None otherwise).

    A step of a case that makes the person its participant (a teacher's
    personal account) grants its own role; nobody chooses a password for
    anyone. AccountRefused (``invalid``, Russian) for an address that is not
    one, or an account of another name.
    """
    site = find_root(organisation)
    address = (address or "").strip()
    user = find_user(site, address)
    if user is not None:
        if "@" in address and normal_name(user.title) != normal_name(name):
            raise AccountRefused(f"Адрес {normal_email(address)} уже указан у пользователя «{user.title}»: "
                                 "проверьте адрес.", "invalid")
        if user.suspended:
            raise AccountRefused(f"Учётная запись {user.login} приостановлена: сначала её восстанавливают.", "invalid")
        return user, None
    if "@" not in address:
        raise AccountRefused(f"Учётной записи «{address}» нет: укажите адрес эл. почты, и на него придёт "
                             "приглашение.", "invalid")
    email = normal_email(address)
    problem = name_problem(name) or email_problem(email) or login_problem(email)
    if problem:
        raise AccountRefused(sentence(problem[:1].lower() + problem[1:]), "invalid")
    user = new_user(site, email, " ".join(name.split()), email)
    user.organisation = path_of(organisation)
    directory.refresh(site, user)
    audit.record(site, actor, "account_created", user.organisation, user.login, "", via, now)
    token = links.issue(site, user.login, links.INVITE, actor, now)
    audit.record(site, actor, "invited", user.organisation, user.login, "", via, now)
    return user, Invited(user, token, organisation, "")


def invite_again(node, user, actor, now=None):
    """A new invitation for ``user``, who has not chosen a password yet (the last one expired or went astray).

    Returns the token; earlier invitations stop working.
    """
    access.INVITE_AGAIN.require(node, actor)
    require_runs(node, user, actor)
    if user.suspended:
        raise AccountRefused("Учётная запись приостановлена: сначала восстановите её.", "order")
    if user.has_password:
        raise AccountRefused(f"{user.title} уже задал(а) пароль: приглашение не нужно. Забытый пароль "
                             "сменяют по ссылке «Забыли пароль?» на странице входа.", "order")
    site = find_root(node)
    token = links.issue(site, user.login, links.INVITE, actor, now)
    audit.record(site, actor, "invited", user.organisation or path_of(node), user.login, "", VIA_AGAIN, now)
    return token
