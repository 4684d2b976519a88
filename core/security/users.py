"""Users stored in ZODB: Argon2 password hashes and the server-side session registry."""
import secrets
import time

import argon2
from BTrees.OOBTree import OOBTree
from persistent import Persistent

# NB: verifying against a throw-away hash when a log-in name is unknown keeps
# the answer time the same, so timing does not reveal which names exist.
_DUMMY = {}


def make_hasher(profile="default"):
    """An Argon2 hasher: the library's recommended parameters, or cheap ones for tests."""
    if profile == "fast":
        return argon2.PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)
    return argon2.PasswordHasher()


class User(Persistent):
    """A person who logs in; roles are granted on tree nodes, not here."""

    def __init__(self, login, title, email=""):
        self.login = login
        self.title = title
        self.email = email
        self.password_hash = None
        # sid -> expiry (epoch seconds): a signed cookie alone cannot be revoked.
        self.sessions = OOBTree()
        # path -> roles: where this user holds roles, for "my places" and tasks.
        self.grants = OOBTree()

    def set_password(self, password, hasher):
        """Store an Argon2 hash of ``password`` and revoke every issued session."""
        self.password_hash = hasher.hash(password)
        self.sessions.clear()

    def check_password(self, password, hasher):
        """Whether ``password`` is this user's."""
        try:
            return self.password_hash is not None and hasher.verify(self.password_hash, password)
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


def add_user(root, login, title, password, hasher, email=""):
    """Create and store a user; raises ValueError when the login is taken or empty."""
    users = users_of(root)
    login = login.strip().lower()
    if not login:
        raise ValueError("Имя пользователя не может быть пустым.")
    if login in users:
        raise ValueError(f"Пользователь «{login}» уже есть.")
    user = User(login, title, email)
    user.set_password(password, hasher)
    users[login] = user
    return user


def verify_dummy(password, hasher):
    """Spend the time of one password check on a name that does not exist."""
    key = id(hasher)
    if key not in _DUMMY:
        _DUMMY[key] = hasher.hash(secrets.token_hex(8))
    try:
        hasher.verify(_DUMMY[key], password)
    except argon2.exceptions.VerificationError:
        pass
    return False
