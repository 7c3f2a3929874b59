"""A real SMTP server on loopback (aiosmtpd) that records what it accepts, for the mail tests.

It can also misbehave on purpose: refuse an address, drop the connection, or hold a
message (before or after storing it) until the test lets it go, so a test can kill the
sending process at a chosen moment.
"""

import asyncio
import email
import socket
import threading
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.policy import default

from aiosmtpd.controller import Controller

REFUSED_DOMAIN = "refused.example"


def decoded_header(message, name):
    """A header decoded as RFC 2047 says, adjacent encoded words joined without the space
    between them (Python's own address parser leaves that space inside a Thai name)."""
    return str(make_header(decode_header(dict(message.raw_items())[name])))


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    data: bytes

    @property
    def message(self):
        return email.message_from_bytes(self.data, policy=default)

    @property
    def to(self):
        return self.rcpt_tos[0]


class Recorder:
    def __init__(self):
        self.received = []
        self.data_commands = 0
        self._lock = threading.Lock()
        #: {n: "drop" | "hold-before-storing" | "hold-after-storing"} for the n-th DATA (from 1).
        self.plan = {}
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@" + REFUSED_DOMAIN):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.data_commands += 1
            action = self.plan.get(self.data_commands)
        if action == "drop":
            server.transport.close()
            return "421 4.3.0 closing"
        if action == "hold-after-storing":
            self._store(envelope)
        if action in ("hold-before-storing", "hold-after-storing"):
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 try again later"
        self._store(envelope)
        return "250 2.0.0 Message accepted for delivery"

    def _store(self, envelope):
        with self._lock:
            received = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            self.received.append(received)

    def by_recipient(self):
        counts = {}
        for received in self.received:
            counts[received.to] = counts.get(received.to, 0) + 1
        return counts


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, port=None):
        self.recorder = Recorder()
        self.port = port or free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.recorder.release.set()
        self.controller.stop()
