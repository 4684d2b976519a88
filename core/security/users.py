"""Users stored in ZODB: Argon2 password hashes, the server-side session registry, the e-mail index.

A user is keyed by its log-in name, which never changes (roles, journals and
histories name it). Its e-mail address is its own to change, and unique: the
site keeps an index from address to login (``user_emails``), through which
a person logs in or asks for a new password by the address they have now.
"""
import secrets
import time

import argon2
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.security import directory
from core.security.passwords import login_problem, password_problem
from core.turns import lend_turn

# NB: verifying against a throw-away hash when a log-in name is unknown keeps
# the answer time the same, so timing does not reveal which names exist.
_DUMMY = {}
# NB: hashing and verifying lend the writers' turn (core.conflicts.lend_turn): Argon2 is slow on purpose
# (tens of milliseconds with the recommended parameters) and reads or writes no record, so one person
# logging in does not hold up every other writer of the process meanwhile.


def make_hasher(profile="default"):
    """An Argon2 hasher: the library's recommended parameters, or cheap ones for tests."""
    if profile == "fast":
        return argon2.PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)
    return argon2.PasswordHasher()


class User(Persistent):
    """A person who logs in; roles are granted on tree nodes, not here."""

    # Set when someone else chose the password (an account opened for this
    # person): every page but the password page waits until they change it.
    # A class default, so users stored before it load as False.
    must_change_password = False
    # What the person tells of themselves (core.accounts): a phone, a position, and the organisation
    # (a path in the tree) they were invited to. Class defaults, so users stored before them load.
    phone = ""
    position = ""
    organisation = ""
    # A suspended account logs in nowhere and keeps its history (core.accounts.suspension).
    suspended = False

    def __init__(self, login, title, email=""):
        self.login = login
        self.title = title
        self.email = email
        self.password_hash = None
        # sid -> expiry (epoch seconds): a signed cookie alone cannot be revoked.
        self.sessions = OOBTree()
        # path -> roles: where this user holds roles, for "my places" and tasks.
        self.grants = OOBTree()

    def set_password(self, password, hasher, by_owner=True):
        """Store an Argon2 hash of ``password`` and revoke every issued session.

        ``by_owner``: the person chose it themselves; otherwise they must change it at their next log-in.
        """
        with lend_turn():
            password_hash = hasher.hash(password)
        self.password_hash = password_hash
        self.revoke_sessions()
        self.must_change_password = not by_owner

    @property
    def has_password(self):
        """Whether the person has chosen a password (an invited person has none until they accept)."""
        return self.password_hash is not None

    def revoke_sessions(self):
        """End every session issued so far (a suspension, a password set anew)."""
        self.sessions.clear()

    def check_password(self, password, hasher):
        """Whether ``password`` is this user's."""
        stored = self.password_hash
        if stored is None:
            return False
        try:
            with lend_turn():
                return hasher.verify(stored, password)
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return False

    def open_session(self, max_age, now=None):
        """Issue a new session id valid for ``max_age`` seconds."""
        now = now or time.time()
        for sid, expires in list(self.sessions.items()):
            if expires <= now:
                del self.sessions[sid]
        sid = secrets.token_urlsafe(24)
        self.sessions[sid] = now + max_age
        return sid

    def session_valid(self, sid, now=None):
        """Whether the session ``sid`` was issued and neither closed nor expired."""
        expires = self.sessions.get(sid) if sid and not self.suspended else None
        return expires is not None and expires > (now or time.time())

    def close_session(self, sid):
        """Revoke one session (log-out)."""
        self.sessions.pop(sid, None)


def users_of(root):
    """The users folder (login -> User) of the site."""
    return root.services["users"]


def normal_login(login):
    """A log-in name as accounts are keyed: without surrounding spaces, lower case."""
    return (login or "").strip().lower()


# NB: an address is compared as typed but for case and surrounding spaces: two addresses that differ
# only so reach one mailbox in practice, and must never be two accounts.
normal_email = normal_login

EMAILS = "user_emails"


def email_index(root):
    """The site's index ``{e-mail: login}`` (made on first use; an evolve step fills it in older sites)."""
    index = root.services.get(EMAILS)
    if index is None:
        index = root.services[EMAILS] = OOBTree()
    return index


def user_by_email(root, email):
    """The user whose e-mail ``email`` is, or None."""
    index = root.services.get(EMAILS)
    login = index.get(normal_email(email)) if index is not None and email else None
    return users_of(root).get(login) if login else None


def find_user(root, name):
    """The user a person means by ``name``: their log-in name, or their e-mail address; None if nobody."""
    name = normal_login(name)
    user = users_of(root).get(name) if name else None
    if user is None and "@" in name:
        user = user_by_email(root, name)
    return user


def set_email(root, user, email):
    """Give ``user`` the address ``email`` (or none); ValueError (Russian) when another account has it."""
    email = normal_email(email)
    index = email_index(root)
    owner = index.get(email) if email else None
    if owner is not None and owner != user.login:
        raise ValueError(f"Адрес {email} уже указан у другого пользователя.")
    old = normal_email(user.email)
    if old and index.get(old) == user.login:
        del index[old]
    if email:
        index[email] = user.login
    user.email = email


def _login_taken(root, login):
    """Why ``login`` cannot name a new account (Russian): not a valid name, or taken; None if it can."""
    problem = login_problem(login)
    if not problem and login in users_of(root):
        problem = f"Пользователь «{login}» уже есть."
    return problem


def new_user(root, login, title, email=""):
    """Store a new user without a password (an invited person chooses it); ValueError (Russian) for a bad
    or taken login or a taken address."""
    login = normal_login(login)
    problem = _login_taken(root, login)
    if problem:
        raise ValueError(problem)
    user = User(login, title)
    set_email(root, user, email)
    users_of(root)[login] = user
    directory.refresh(root, user)
    return user


def add_user(root, login, title, password, hasher, email="", by_owner=False):
    """Create and store a user; raises ValueError (Russian) for a bad or taken login or a weak password.

    The person creating the account chose the password, so its owner must
    change it at the first log-in, unless ``by_owner`` says they chose it.
    """
    login = normal_login(login)
    problem = _login_taken(root, login) or password_problem(password, login, title, email)
    if problem:
        raise ValueError(problem)
    user = new_user(root, login, title, email)
    user.set_password(password, hasher, by_owner=by_owner)
    return user


def demo_user(root, login, title, password, hasher):
    """The demo's user ``login``, made if missing.

    Exempt from the first change: every demo log-in shares the password
    README prints, and a demo that asked each visitor to change it first
    would leave the next visitor locked out of it.
    """
    return users_of(root).get(login) or add_user(root, login, title, password, hasher, by_owner=True)


def verify_dummy(password, hasher):
    """Spend the time of one password check on a name that does not exist."""
    key = id(hasher)
    with lend_turn():
        if key not in _DUMMY:
            _DUMMY[key] = hasher.hash(secrets.token_hex(8))
        try:
            hasher.verify(_DUMMY[key], password)
        except argon2.exceptions.VerificationError:
            pass
    return False
