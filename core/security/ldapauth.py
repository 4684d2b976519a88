"""Logging in through the authority's LDAP directory (OpenLDAP, Active Directory), optional; local passwords stay the
default.

A deployment that names a directory in its ini (``oko.ldap.url``) lets a
person whose local password does not match log in with their directory
password instead: the directory is searched for the name typed (the filter
``oko.ldap.user_filter``, ``(uid={login})`` or ``(sAMAccountName={login})``
for Active Directory), the person's own entry is bound with the password,
and the entry's e-mail address (``oko.ldap.email_attribute``) names the OKO
Case account. Nobody gets an account from the directory: accounts come by
invitation (``core.accounts``), and a suspended one stays out. A directory
that cannot be reached is a failed try, never an error page.

Settings: ``oko.ldap.url`` (``ldap://host:389`` or ``ldaps://``),
``oko.ldap.base`` (where people are searched), ``oko.ldap.user_filter``,
``oko.ldap.email_attribute`` (``mail``), ``oko.ldap.bind_dn`` and
``oko.ldap.bind_password`` (a service account that may search; anonymous
when empty), ``oko.ldap.timeout`` (seconds, 5).
"""
import logging

log = logging.getLogger(__name__)

DEFAULT_FILTER = "(uid={login})"


class Directory:
    """An LDAP directory people log in through (``ldap3``)."""

    def __init__(self, url, base, user_filter=DEFAULT_FILTER, email_attribute="mail", bind_dn="", bind_password="",
                 timeout=5):
        self.url, self.base, self.user_filter = url, base, user_filter
        self.email_attribute, self.bind_dn, self.bind_password = email_attribute, bind_dn, bind_password
        self.timeout = timeout

    def email_of(self, login, password):
        """The e-mail address of the directory's person ``login`` if ``password`` is theirs, else None."""
        # NB: ldap3 is optional: imported only by a deployment that names a directory.
        import ldap3
        from ldap3.core.exceptions import LDAPException
        from ldap3.utils.conv import escape_filter_chars

        if not login or not password:
            # NB: an empty password is an anonymous ("unauthenticated") bind in LDAP: it would succeed.
            return None
        server = ldap3.Server(self.url, connect_timeout=self.timeout, get_info=ldap3.NONE)
        try:
            with ldap3.Connection(server, self.bind_dn or None, self.bind_password or None, auto_bind=True,
                                  receive_timeout=self.timeout, read_only=True) as conn:
                conn.search(self.base, self.user_filter.format(login=escape_filter_chars(login)),
                            attributes=[self.email_attribute], size_limit=2)
                if len(conn.entries) != 1:
                    return None
                entry = conn.entries[0]
                dn = entry.entry_dn
                values = entry[self.email_attribute].values if self.email_attribute in entry else []
            person = ldap3.Connection(server, dn, password, receive_timeout=self.timeout, read_only=True)
            try:
                if not person.bind():
                    return None
            finally:
                person.unbind()
        except LDAPException as exc:
            log.warning("LDAP directory %s: %s", self.url, exc)
            return None
        return str(values[0]).strip().lower() if values else None


def directory_from(settings):
    """The ``Directory`` the ini names (``oko.ldap.*``), or None: local passwords only."""
    url = (settings.get("oko.ldap.url") or "").strip()
    if not url:
        return None
    return Directory(url, settings.get("oko.ldap.base", "").strip(),
                     settings.get("oko.ldap.user_filter", DEFAULT_FILTER).strip() or DEFAULT_FILTER,
                     settings.get("oko.ldap.email_attribute", "mail").strip() or "mail",
                     settings.get("oko.ldap.bind_dn", "").strip(), settings.get("oko.ldap.bind_password", ""),
                     int(settings.get("oko.ldap.timeout", 5)))
