"""Accounts: people brought in by those who administer a node, who choose their own passwords.

Those who manage access on a node invite people there: the federal operator
its regional operators, a regional operator its municipalities' people, a
municipal coordinator its schools' heads and teachers; one by one or from
an XLSX/CSV list (``people.plan`` checks every row first, ``people.apply``
writes; importing a list again changes nothing). A new person gets an
invitation link (``links``: one-time, expiring, kept as a hash only),
mailed when the site has a mailer (``core.mail``) or shown once to the
inviter, and chooses their own password by it; a forgotten password is
replaced the same way (``credentials``). Accounts are suspended and
restored (``suspension``), never deleted; each person edits their own
profile. Every step is in the audit journal (``core.security.audit``).

Users, passwords, sessions and roles are the platform's (``core.security``);
this package is how people come to have them.
"""
from core.security.transport import add_public_route


def includeme(config):
    """The accounts' routes (the public ones: invitation, forgotten password), pages and API."""
    config.add_route("invitation", "/invitation")
    config.add_route("forgot", "/forgot")
    config.add_route("reset", "/reset")
    config.add_route("profile", "/profile")
    config.add_route("api_profile", "/api/v1/profile")
    config.add_route("api_forgot", "/api/v1/password-reset")
    for name in ("invitation", "forgot", "reset", "api_forgot"):
        add_public_route(config, name)
    config.scan("core.accounts.pages")
    config.scan("core.accounts.api")
