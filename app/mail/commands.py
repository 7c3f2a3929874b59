"""flask send-test-mail: check the mail settings by sending one message now."""

import smtplib

import click
from flask import Blueprint, current_app

from app.mail.message import compose
from app.mail.service import MailError, normalize_address
from app.mail.transport import open_transport

bp = Blueprint("mail_commands", __name__, cli_group=None)


@bp.cli.command("send-test-mail")
@click.argument("recipient")
def send_test_mail(recipient):
    """Send a short Thai test message to RECIPIENT with the current settings, in the foreground."""
    config = current_app.config
    try:
        message = compose(
            normalize_address(recipient),
            "ทดสอบการส่งอีเมล · Test message",
            f"ข้อความนี้ส่งจากระบบเวทีเครือข่ายสวัสดิการของ{config['OFFICE_NAME']} เพื่อทดสอบการตั้งค่าอีเมล\n"
            "This message tests the e-mail settings.\n",
        )
        with open_transport() as transport:
            transport.send(message)
    except (MailError, smtplib.SMTPException, OSError) as error:
        raise click.ClickException(str(error)) from error
    where = (
        f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
        if config["MAIL_SERVER"]
        else config["MAIL_OUTBOX_DIR"]
    )
    click.echo(f"sent {message['Message-ID']} to {recipient} through {where}")
