"""A real SMTP server for the tests that send mail.

``smtp_server`` starts aiosmtpd on a free loopback port for one test and stops it after;
``mail_config(smtp_server)`` gives the settings that make an app send to it.
"""

import socket
import threading
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller


class SmtpServer:
    """What the server received: ``messages`` (parsed), and ``wait_for`` to await them.

    Set ``refusing`` to a reply such as "550 5.7.1 Relaying denied" and it refuses every
    message with it.
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refusing: str | None = None
        self.refused = 0
        self.sessions = 0  # SMTP conversations (connections) the server has held
        self._arrived = threading.Condition()
        self.port = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        if self.refusing:
            with self._arrived:
                self.refused += 1
                self._arrived.notify_all()
            return self.refusing
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """The messages once ``count`` have arrived; fails the test after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"{len(self.messages)} of {count} messages arrived")
                self._arrived.wait(left)
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()  # returns once the server answers
    yield server
    controller.stop()


def mail_config(smtp_server: SmtpServer) -> dict:
    """Settings that send mail to ``smtp_server`` (for make_app or app_config)."""
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_TIMEOUT": 10,
        "MAIL_DEFAULT_SENDER": "coalition@example.org",
    }
