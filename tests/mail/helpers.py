"""Preparing batches of Thai messages for the sending tests."""

from app.extensions import db
from app.mail.message import Attachment
from app.mail.service import prepare_message, send_messages

AGENDA = b"%PDF-1.4\n% agenda\n" + bytes(range(256)) * 64


def subject_for(number):
    return f"ขอเชิญเข้าร่วมเวทีเครือข่ายสวัสดิการ (องค์กรที่ {number})"


def body_for(number):
    return f"เรียน ประธานองค์กรที่ {number}\n\nลงทะเบียนที่ https://forum.example.go.th/r/token-{number}\n"


def letter_for(number):
    return f"%PDF-1.4\n% letter {number}\n".encode() + bytes([number % 256]) * 500


def prepare_batch(count, domain="example.org", refused=()):
    """count messages to org<n>@domain, each with the shared agenda and its own letter."""
    messages = []
    for number in range(1, count + 1):
        address = f"org{number}@{'refused.example' if number in refused else domain}"
        messages.append(
            prepare_message(
                address,
                subject_for(number),
                body_for(number),
                html=f"<p>เรียน ประธานองค์กรที่ {number}</p>",
                recipient_name=f"องค์กรที่ {number}",
                reference=f"test:{number}",
                attachments=[
                    Attachment("กำหนดการ.pdf", AGENDA),
                    Attachment(f"หนังสือเชิญ {number}.pdf", letter_for(number)),
                ],
            )
        )
    return messages


def queue_batch(count, in_background=True, **options):
    """A committed "mail.send" job for a new batch; returns the job's id."""
    job = send_messages(prepare_batch(count, **options), title="ส่งหนังสือเชิญ", in_background=in_background)
    db.session.commit()
    return job.id


def check_received(received, number):
    """The message as received is the one prepared for org<number>, attachments intact."""
    message = received.message
    assert message["Subject"] == subject_for(number)
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == body_for(number)
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert attachments == {"กำหนดการ.pdf": AGENDA, f"หนังสือเชิญ {number}.pdf": letter_for(number)}
