"""`flask run-lan`: the self-signed certificate for HTTPS on a venue's network, and the gunicorn server."""

import ipaddress
import os
import socket
import ssl
import stat
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from app import lan

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def load(cert_path, key_path):
    with open(cert_path, "rb") as pem:
        certificate = x509.load_pem_x509_certificate(pem.read())
    with open(key_path, "rb") as pem:
        key = serialization.load_pem_private_key(pem.read(), password=None)
    return certificate, key


def test_the_first_run_makes_a_certificate_a_phone_accepts_for_the_lan_address(tmp_path):
    cert_path, key_path = lan.ensure_certificate(str(tmp_path / "instance"), "192.168.1.23", now=NOW)

    certificate, key = load(cert_path, key_path)
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address("192.168.1.23"),
        ipaddress.ip_address("127.0.0.1"),
    }
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert certificate.issuer == certificate.subject  # self-signed
    certificate.verify_directly_issued_by(certificate)
    assert certificate.public_key() == key.public_key()
    assert certificate.not_valid_before_utc <= NOW < certificate.not_valid_after_utc
    assert certificate.not_valid_after_utc - certificate.not_valid_before_utc <= timedelta(days=398)
    usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert stat.S_IMODE(os.stat(key_path).st_mode) == 0o600


def test_the_same_certificate_is_kept_until_the_address_changes_or_it_nears_its_end(tmp_path):
    folder = str(tmp_path)
    cert_path, _ = lan.ensure_certificate(folder, "192.168.1.23", now=NOW)
    first = lan.fingerprint(cert_path)

    lan.ensure_certificate(folder, "192.168.1.23", now=NOW + timedelta(days=30))
    assert lan.fingerprint(cert_path) == first  # phones that accepted it are not asked again

    lan.ensure_certificate(folder, "10.0.0.5", now=NOW + timedelta(days=30))
    moved = lan.fingerprint(cert_path)
    assert moved != first
    certificate, _ = load(cert_path, os.path.join(folder, lan.KEY_FILE))
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("10.0.0.5") in names.get_values_for_type(x509.IPAddress)

    lan.ensure_certificate(folder, "10.0.0.5", now=NOW + timedelta(days=30 + 355))
    assert lan.fingerprint(cert_path) != moved


def test_the_command_serves_https_on_the_given_address_and_prints_it_as_a_qr_code(
    app, runner, tmp_path, monkeypatch
):
    served = {}

    def fake_serve(application, host, port, cert_path, key_path):
        served.update(host=host, port=port, application=application, ssl_context=(cert_path, key_path))

    monkeypatch.setattr(lan, "serve", fake_serve)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = runner.invoke(args=["run-lan", "--host", "192.168.1.23", "--port", "8443"])

    assert result.exit_code == 0, result.output
    assert "https://192.168.1.23:8443/" in result.output
    assert "█" in result.output or "▀" in result.output  # the QR code drawn in the terminal
    assert served["host"] == "192.168.1.23" and served["port"] == 8443
    assert served["application"] is app
    assert served["ssl_context"] == (str(tmp_path / lan.CERTIFICATE_FILE), str(tmp_path / lan.KEY_FILE))


def fetch_login(port, trusted, session=None):
    """Fetch /login on a new TLS connection: (its TLS session, whether `session` was resumed)."""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        trusted.wrap_socket(raw, server_hostname="127.0.0.1", session=session) as tls,
    ):
        tls.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        while tls.recv(65536):  # to the end: the session ticket of TLS 1.3 comes after the handshake
            pass
        return tls.session, tls.session_reused


def test_the_door_server_is_gunicorn_over_https_with_the_certificate(tmp_path):
    """A real server in a child process: its TLS certificate is the one made for the LAN, and it answers."""
    cert_path, key_path = lan.ensure_certificate(str(tmp_path), "127.0.0.1", now=datetime.now(UTC))
    port = 5115
    script = (
        "from app import create_app; from app.lan_server import serve; "
        f"serve(create_app('testing', {{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/lan.db'}}), "
        f"'127.0.0.1', {port}, {cert_path!r}, {key_path!r}, workers=1, threads=2)"
    )
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([sys.executable, "-c", script], stdout=log, stderr=subprocess.STDOUT)
    try:
        trusted = ssl.create_default_context(cafile=cert_path)
        answer = None
        for _ in range(300):  # until the child listens (bounded: at most 300 tries)
            try:
                answer = urllib.request.urlopen(
                    f"https://127.0.0.1:{port}/login", context=trusted, timeout=10
                )
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    break
                threading.Event().wait(0.1)
        assert answer is not None, log_path.read_text()
        with answer:
            assert answer.status == 200 and answer.headers["Server"].startswith("gunicorn")

        # A phone that connects again resumes its TLS session: the worker keeps one TLS context
        # (gunicorn's default makes one per connection, so no session could ever be resumed).
        session, resumed = fetch_login(port, trusted)
        assert not resumed
        _, resumed = fetch_login(port, trusted, session)
        assert resumed
    finally:
        server.terminate()
        server.wait(timeout=30)
