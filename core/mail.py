"""Sending e-mail through the site's SMTP server, once the database has kept what the mail tells of.

The mailer is configured in the ini file (``oko.mail.host`` names it; none,
no mail): ``oko.mail.port`` (25), ``oko.mail.from``, ``oko.mail.user`` and
``oko.mail.password`` to log in, ``oko.mail.security`` ``starttls``, ``ssl``
or ``none`` (the default). Python's ``smtplib`` speaks to it.

A page or a step never sends a message itself: it hands it to
``send_after_commit``, and the message leaves after the transaction has
committed, from one background thread, so that

- a request that fails or is retried sends nothing (or sends once): an
  invitation link in a mail always exists in the database;
- how long the SMTP server takes never shows in the answer: the page that
  asks for a new password answers as fast whether the address is known or not.

A message that cannot be sent is logged (the link it carried can be sent again).
"""
import concurrent.futures
import dataclasses
import logging
import smtplib
import ssl

import transaction
from pyramid.exceptions import ConfigurationError

log = logging.getLogger(__name__)

SECURITY = ("none", "starttls", "ssl")
TIMEOUT = 30
# NB: one thread: messages leave in the order they were committed, on one connection at a time.
_OUTBOX = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="oko-mail")
_PENDING = []


@dataclasses.dataclass(frozen=True)
class Mailer:
    """Where and how messages are sent; ``sender`` is their From."""

    host: str
    port: int = 25
    sender: str = "oko@localhost"
    user: str = ""
    password: str = ""
    security: str = "none"

    @classmethod
    def from_settings(cls, settings):
        """The mailer ``settings`` name, or None when ``oko.mail.host`` is not set; ConfigurationError (Russian)
        when it cannot be used: the site does not start, the command stops."""
        host = (settings.get("oko.mail.host") or "").strip()
        if not host:
            return None
        security = (settings.get("oko.mail.security") or "none").strip().lower()
        if security not in SECURITY:
            raise ConfigurationError(f"Настройка oko.mail.security = {security!r}: укажите none, starttls или ssl.")
        port = str(settings.get("oko.mail.port") or (465 if security == "ssl" else 25)).strip()
        if not port.isdigit():
            raise ConfigurationError(f"Настройка oko.mail.port = {port!r}: укажите номер порта.")
        return cls(host, int(port), (settings.get("oko.mail.from") or "oko@localhost").strip(),
                   (settings.get("oko.mail.user") or "").strip(), settings.get("oko.mail.password") or "", security)

    def _connect(self):
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=ssl.create_default_context())
        smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        if self.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp

    def send(self, messages):
        """Send ``messages`` (``email.message.EmailMessage``) now, on one connection; their From is the sender's."""
        messages = list(messages)
        if not messages:
            return
        with self._connect() as smtp:
            if self.user:
                smtp.login(self.user, self.password)
            for message in messages:
                if "From" not in message:
                    message["From"] = self.sender
                smtp.send_message(message)


def _send_logged(mailer, messages):
    try:
        mailer.send(messages)
    except (OSError, smtplib.SMTPException):
        log.exception("Не удалось отправить письма (%d) через %s:%s", len(messages), mailer.host, mailer.port)


def send_after_commit(mailer, messages, txn=None):
    """Send ``messages`` through ``mailer`` from the background thread once ``txn`` (the current one) commits.

    Nothing is sent if the transaction aborts. Without a mailer, nothing at all.
    """
    messages = list(messages)
    if mailer is None or not messages:
        return

    def after(committed):
        if committed:
            _PENDING.append(_OUTBOX.submit(_send_logged, mailer, messages))
    (txn or transaction.get()).addAfterCommitHook(after)


def wait_sent(timeout=30):
    """Wait until every message handed over so far has left (or failed); for tests and commands that exit."""
    while _PENDING:
        _PENDING.pop(0).result(timeout)


def includeme(config):
    """Read the mailer from the settings (``registry.oko_mailer``: None when none is set); a bad one stops start-up."""
    config.registry.oko_mailer = Mailer.from_settings(config.registry.settings)
