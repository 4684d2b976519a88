"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), keeping every message it receives.

The application sends through ``smtplib`` to it exactly as it would to a
mail server; the tests read the messages as a person's mailbox would.
"""
import email
import email.policy
import re
import socket
import threading
import time

from aiosmtpd.controller import Controller

from core.mail import Mailer, wait_sent

LINK = re.compile(r"https?://\S+")


class _Keep:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


class MailSink:
    """An SMTP server in a thread of its own; ``messages`` is ``[(recipients, EmailMessage)]``."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        # NB: aiosmtpd checks its server by connecting to the port it was given: it must be a real one.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(_Keep(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    @property
    def mailer(self):
        """The application's mailer, pointed at this server."""
        return Mailer("127.0.0.1", self.port, "oko@test.example")

    def inbox(self, address):
        """The messages to ``address`` received so far (after the application's outbox has drained)."""
        wait_sent()
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]

    def wait_for(self, address, count=1, timeout=10):
        """The first ``count`` messages to ``address``, waiting up to ``timeout`` seconds for them."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.inbox(address)
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"{address}: {len(found)} писем из {count}"
                return found
            time.sleep(0.05)

    def clear(self):
        wait_sent()
        with self.lock:
            self.messages.clear()


def text_of(message):
    """The plain text body of ``message``."""
    return message.get_body(("plain",)).get_content()


def link_in(message):
    """The (one) link a letter carries."""
    links = LINK.findall(text_of(message))
    assert len(links) == 1, links
    return links[0]
