"""Delivering composed messages: over SMTP when MAIL_SERVER is set, else as .eml files.

`open_transport()` gives one connection for a whole batch; it connects on the first message,
and again after the server dropped it.
"""

import hashlib
import os
import smtplib
import ssl
import tempfile
from contextlib import contextmanager
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime

from flask import current_app


class SmtpTransport:
    def __init__(self, config):
        self.config = config
        self.connection = None

    def _connect(self):
        config = self.config
        host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
        if config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message):
        """Hand the message to the server; raises smtplib's errors, and reconnects next time."""
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(message)
        except BaseException:
            # After any error the conversation's state is unknown: start the next one afresh.
            self.close()
            raise

    def close(self):
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


class OutboxTransport:
    """Writes each message as an .eml file, named after its Message-ID so a repeat overwrites it."""

    def __init__(self, directory):
        self.directory = directory

    def path_for(self, message):
        """<date>-<hash of the Message-ID>.eml: sorted by date, the same for every attempt."""
        moment = parsedate_to_datetime(message["Date"]).strftime("%Y%m%d-%H%M%S")
        digest = hashlib.sha256(message["Message-ID"].encode()).hexdigest()[:20]
        return os.path.join(self.directory, f"{moment}-{digest}.eml")

    def send(self, message):
        os.makedirs(self.directory, exist_ok=True)
        data = message.as_bytes(policy=default_policy)
        # Written whole or not at all: a reader never sees half a message.
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.path_for(message))
        except BaseException:
            os.unlink(temporary)
            raise

    def close(self):
        pass


@contextmanager
def open_transport():
    """The configured transport, closed at the end of the block."""
    config = current_app.config
    transport = SmtpTransport(config) if config["MAIL_SERVER"] else OutboxTransport(config["MAIL_OUTBOX_DIR"])
    try:
        yield transport
    finally:
        transport.close()
