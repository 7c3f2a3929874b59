"""flask erase-expired-registrations: the PDPA retention period, kept (run it daily, e.g. from cron)."""

import click
from flask import Blueprint, current_app

from app.registration import retention

bp = Blueprint("registration_commands", __name__, cli_group=None)


@bp.cli.command("erase-expired-registrations")
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
def erase_expired_registrations(dry_run):
    """Erase participants' details PERSONAL_DATA_RETENTION_DAYS after their forum ended."""
    days = current_app.config["PERSONAL_DATA_RETENTION_DAYS"]
    if dry_run:
        click.echo(f"{retention.count_expired()} registrations are past the {days}-day retention period.")
        return
    click.echo(
        f"Erased the details of {retention.erase_expired()} registrations ({days}-day retention period)."
    )
