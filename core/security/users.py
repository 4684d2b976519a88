"""Users stored in ZODB: Argon2 password hashes and the server-side session registry."""
import secrets
import time

import argon2
from BTrees.OOBTree import OOBTree
from persistent import Persistent

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
        self.sessions.clear()
        self.must_change_password = not by_owner

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
        expires = self.sessions.get(sid) if sid else None
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


def add_user(root, login, title, password, hasher, email="", by_owner=False):
    """Create and store a user; raises ValueError (Russian) for a bad or taken login or a weak password.

    The person creating the account chose the password, so its owner must
    change it at the first log-in, unless ``by_owner`` says they chose it.
    """
    users = users_of(root)
    login = normal_login(login)
    problem = login_problem(login)
    if not problem and login in users:
        problem = f"Пользователь «{login}» уже есть."
    problem = problem or password_problem(password, login, title, email)
    if problem:
        raise ValueError(problem)
    user = User(login, title, email)
    user.set_password(password, hasher, by_owner=by_owner)
    users[login] = user
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
