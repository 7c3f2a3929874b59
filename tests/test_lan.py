"""`flask run-lan`: the self-signed certificate for HTTPS on a venue's network (no server is started)."""

import ipaddress
import os
import stat
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

    def fake_run_simple(host, port, application, **options):
        served.update(host=host, port=port, application=application, **options)

    monkeypatch.setattr(lan, "run_simple", fake_run_simple)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = runner.invoke(args=["run-lan", "--host", "192.168.1.23", "--port", "8443"])

    assert result.exit_code == 0, result.output
    assert "https://192.168.1.23:8443/" in result.output
    assert "█" in result.output or "▀" in result.output  # the QR code drawn in the terminal
    assert served["host"] == "192.168.1.23" and served["port"] == 8443
    assert served["application"] is app
    assert served["ssl_context"] == (str(tmp_path / lan.CERTIFICATE_FILE), str(tmp_path / lan.KEY_FILE))
