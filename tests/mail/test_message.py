"""Composing and delivering one message: Thai headers and bodies, attachments, SMTP and outbox."""

import email
import smtplib
from datetime import datetime
from email.policy import default

import pytest

from app.mail.message import Attachment, compose
from app.mail.transport import OutboxTransport, open_transport
from tests.smtp import decoded_header

SUBJECT = "ขอเชิญเข้าร่วมเวทีเครือข่ายสวัสดิการสังคม ครั้งที่ ๑/๒๕๖๑ ณ โรงแรมเรือนแพรอยัลปาร์ค"
TEXT = (
    "เรียน ประธานมูลนิธิพัฒนาเด็กพิษณุโลก\n\n"
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลก ขอเชิญท่านเข้าร่วมเวที\n"
    "ในวันพฤหัสบดีที่ 25 ตุลาคม 2561 เวลา 10.00 น.\n"
    "ลงทะเบียน: https://forum.example.go.th/r/AbC123\n"
)
HTML = "<p>เรียน ประธานมูลนิธิ</p><p><a href='https://forum.example.go.th/r/AbC123'>ลงทะเบียน</a></p>"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 10


def _letter(**overrides):
    fields = {
        "html": HTML,
        "attachments": [
            Attachment("หนังสือเชิญ มูลนิธิพัฒนาเด็ก.pdf", PDF),
            Attachment("qr.png", PNG, "image/png"),
        ],
        "recipient_name": "มูลนิธิพัฒนาเด็กพิษณุโลก",
        "message_id": "<letter-1@pm.example.go.th>",
        "date": datetime(2018, 10, 1, 2, 30),
    }
    fields.update(overrides)
    return compose("children@example.org", SUBJECT, TEXT, **fields)


def _check_letter(message, app):
    assert message["Subject"] == SUBJECT
    assert message["Message-ID"] == "<letter-1@pm.example.go.th>"
    office, sender = app.config["OFFICE_NAME"], app.config["MAIL_DEFAULT_SENDER"]
    assert decoded_header(message, "From") == f"{office} <{sender}>"
    assert decoded_header(message, "To") == "มูลนิธิพัฒนาเด็กพิษณุโลก <children@example.org>"
    assert message["Date"].datetime.isoformat() == "2018-10-01T09:30:00+07:00"
    # MIME text travels with CRLF line ends; a mail program shows them as plain line breaks.
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
    assert message.get_body(("html",)).get_content().strip() == HTML
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert attachments["หนังสือเชิญ มูลนิธิพัฒนาเด็ก.pdf"].get_content_type() == "application/pdf"
    assert attachments["หนังสือเชิญ มูลนิธิพัฒนาเด็ก.pdf"].get_content() == PDF
    assert attachments["qr.png"].get_content() == PNG


def test_headers_are_ascii_on_the_wire_and_thai_when_decoded(app):
    raw = _letter().as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii()
    assert b"Subject: =?utf-8?b?" in headers
    assert all(len(line) <= 78 for line in headers.split(b"\r\n"))
    _check_letter(email.message_from_bytes(raw, policy=default), app)


def test_the_same_delivery_gives_the_same_bytes(app):
    assert _letter().as_bytes() == _letter().as_bytes()
    assert _letter()["Message-ID"] != _letter(message_id=None)["Message-ID"]


def test_plain_text_only(app):
    message = compose("a@example.org", "ทดสอบ", "ข้อความภาษาไทย\n")
    assert not message.is_multipart()
    assert message.get_content().replace("\r\n", "\n") == "ข้อความภาษาไทย\n"
    assert message["Message-ID"].endswith("@localhost>")


def test_smtp_delivers_one_connection_for_many_messages(app, smtp):
    with open_transport() as transport:
        transport.send(_letter())
        transport.send(_letter(message_id="<letter-2@pm.example.go.th>"))
    assert [r.to for r in smtp.received] == ["children@example.org"] * 2
    assert smtp.received[0].mail_from == app.config["MAIL_DEFAULT_SENDER"]
    _check_letter(smtp.received[0].message, app)


def test_smtp_reconnects_after_the_server_dropped_the_connection(app, smtp):
    smtp.plan[1] = "drop"
    with open_transport() as transport:
        with pytest.raises(smtplib.SMTPServerDisconnected):
            transport.send(_letter())
        transport.send(_letter())
    assert len(smtp.received) == 1
    _check_letter(smtp.received[0].message, app)


def test_smtp_refused_address(app, smtp):
    with open_transport() as transport, pytest.raises(smtplib.SMTPRecipientsRefused):
        transport.send(compose("nobody@refused.example", "ทดสอบ", "ข้อความ\n"))
    assert smtp.received == []


def test_outbox_writes_one_eml_per_delivery(app, outbox):
    with open_transport() as transport:
        transport.send(_letter())
        transport.send(_letter())  # a repeat of the same delivery replaces its file
        transport.send(_letter(message_id="<letter-2@pm.example.go.th>"))
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    assert all(f.name.startswith("20181001-093000-") for f in files)
    assert not list(outbox.glob("*.tmp"))
    first = email.message_from_bytes(
        (outbox / OutboxTransport(str(outbox)).path_for(_letter())).read_bytes(), policy=default
    )
    _check_letter(first, app)


def test_send_test_mail_command(app, runner, smtp):
    result = runner.invoke(args=["send-test-mail", "admin@example.org"])
    assert result.exit_code == 0, result.output
    assert "127.0.0.1" in result.output
    assert smtp.received[0].message["Subject"] == "ทดสอบการส่งอีเมล · Test message"
    assert app.config["OFFICE_NAME"] in smtp.received[0].message.get_content()


def test_send_test_mail_reports_a_bad_address(runner, outbox):
    result = runner.invoke(args=["send-test-mail", "not an address"])
    assert result.exit_code == 1
    assert "not a valid e-mail address" in result.output or "ไม่ใช่" in result.output
