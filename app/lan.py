"""`flask run-lan`: serve the app over HTTPS on the venue's local network for the staff phones.

Phone browsers open the camera only in a secure context, and `http://192.168.…` is not one.
So an office laptop at a venue serves HTTPS with a self-signed certificate made on first use
into instance/; each phone accepts the certificate warning once. This is the one place the app
binds to a LAN address instead of 127.0.0.1, and only when the organizer runs it on purpose.
"""

import ipaddress
import os
import socket
import sys
from datetime import UTC, datetime, timedelta

import click
import qrcode
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from flask import Blueprint, current_app
from sqlalchemy import select

from app.checkin import service as checkin_service
from app.extensions import db, limiter
from app.forums.models import Forum
from app.lan_server import serve
from app.registration import tickets
from app.registration.models import Registration, RegistrationStatus
from app.timeutil import utcnow

bp = Blueprint("lan", __name__, cli_group=None)

CERTIFICATE_FILE = "lan-cert.pem"
KEY_FILE = "lan-key.pem"
#: Phones refuse server certificates valid for much longer than a year (iOS: 825 days at most).
VALID_FOR = timedelta(days=365)
#: A certificate this close to its end is made anew, so it does not run out during an event.
RENEW_BEFORE = timedelta(days=14)


def lan_address():
    """The laptop's address on the local network (the one its default route leaves from).

    Connecting a UDP socket sends nothing; it only makes the system choose the interface.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def _names_of(certificate):
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return set()
    names = extension.value
    return {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} | set(
        names.get_values_for_type(x509.DNSName)
    )


def _still_good(cert_path, host, now):
    with open(cert_path, "rb") as pem:
        certificate = x509.load_pem_x509_certificate(pem.read())
    return host in _names_of(certificate) and certificate.not_valid_after_utc - RENEW_BEFORE > now


def ensure_certificate(folder, host, now=None):
    """The paths (certificate, key) of a self-signed certificate for `host`, made when missing.

    It is made anew when the laptop's address changed (another venue's network) or when it
    nears its end; otherwise the same certificate is kept, so phones that accepted it once
    are not asked again. It names `host`, localhost and 127.0.0.1; the key is readable by
    its owner only.
    """
    now = now or datetime.now(UTC)
    cert_path, key_path = os.path.join(folder, CERTIFICATE_FILE), os.path.join(folder, KEY_FILE)
    if os.path.exists(cert_path) and os.path.exists(key_path) and _still_good(cert_path, host, now):
        return cert_path, key_path
    os.makedirs(folder, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    ips = {ipaddress.ip_address("127.0.0.1")}
    dns = ["localhost"]
    try:
        ips.add(ipaddress.ip_address(host))
    except ValueError:
        dns.append(host)
    start = now - timedelta(minutes=5)  # a phone's clock may run a little behind
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + VALID_FOR)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ip) for ip in sorted(ips)] + [x509.DNSName(d) for d in dns]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    with open(cert_path, "wb") as out:
        out.write(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def fingerprint(cert_path):
    """The certificate's SHA-256 fingerprint as a phone's certificate details show it (AA:BB:…)."""
    with open(cert_path, "rb") as pem:
        digest = x509.load_pem_x509_certificate(pem.read()).fingerprint(hashes.SHA256())
    return ":".join(f"{byte:02X}" for byte in digest)


def forums_at_the_door(now):
    """The forums whose door is open at `now`: those whose tickets are about to be shown."""
    near = select(Forum).where(
        Forum.status.in_(checkin_service.DOOR_STATES),
        Forum.starts_at < now + timedelta(days=3),
        Forum.ends_at > now - timedelta(days=2),
    )
    return [forum for forum in db.session.scalars(near) if checkin_service.door_is_open(forum, now)]


def draw_todays_tickets(url, now=None):
    """Draw ahead the QR codes of the tickets of the forums whose door is open now; how many.

    At the door everybody opens a ticket at once, and each QR costs about 5 ms of CPU to draw.
    Drawn here, in the process gunicorn forks its workers from, every worker starts with them.
    `url` is the server's address, which the ticket URLs are built on without PUBLIC_BASE_URL.
    """
    with current_app.test_request_context(base_url=url):
        return tickets.draw_qr_codes(forums_at_the_door(now or utcnow()))


def open_a_ticket_page(url, now=None):
    """Open one of today's ticket pages in this process, before gunicorn forks; its status, or None.

    A worker's first ticket page compiles the page's templates, reads the Thai catalogue and
    compiles the lookup's SQL: CPU that would land on the first rush at the door, in every worker.
    Done here once, every worker starts with them. A ticket page only reads: nothing changes.
    """
    forums = forums_at_the_door(now or utcnow())
    code = db.session.scalar(
        select(Registration.ticket_code)
        .where(
            Registration.forum_id.in_([forum.id for forum in forums]),
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(Registration.id)
        .limit(1)
    )
    if code is None:
        return None
    # Not counted: a count would start the in-memory limiter's expiry timer, a thread that may
    # hold the counters' lock at the moment gunicorn forks.
    enabled, limiter.enabled = limiter.enabled, False
    try:
        return current_app.test_client().get(f"/t/{code}", base_url=url.rstrip("/")).status_code
    finally:
        limiter.enabled = enabled


def terminal_qr(text, out):
    """Print `text` as a QR code made of block characters, for a phone to read off the screen."""
    code = qrcode.QRCode(border=2)
    code.add_data(text)
    code.print_ascii(out=out, invert=True)


@bp.cli.command("run-lan")
@click.option("--host", default=None, help="The address to serve on; the laptop's LAN address when left out.")
@click.option("--port", default=8443, show_default=True, type=int)
def run_lan(host, port):
    """Serve over HTTPS on the local network, for the check-in phones at a venue."""
    host = host or lan_address()
    cert_path, key_path = ensure_certificate(current_app.instance_path, host)
    url = f"https://{host}:{port}/"
    click.echo(f"Serving {url} on the local network (Ctrl+C stops it).")
    click.echo("Open it on each staff phone by scanning this code, then accept the certificate warning once:")
    terminal_qr(url, sys.stdout)
    click.echo(f"Certificate {cert_path}\n  SHA-256 {fingerprint(cert_path)}")
    click.echo(f"QR codes of {draw_todays_tickets(url)} tickets for today's forums drawn ahead.")
    open_a_ticket_page(url)
    serve(current_app._get_current_object(), host, port, cert_path, key_path)
