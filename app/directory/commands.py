"""flask seed-demo: the demo network of Phitsanulok, in one command."""

import os

import click
from flask import Blueprint

from app.directory import demo
from app.extensions import db

bp = Blueprint("directory_commands", __name__, cli_group=None)


@bp.cli.command("seed-demo")
@click.option("--reset-passwords", is_flag=True, help="Give the demo staff users new passwords.")
@click.option("--force", is_flag=True, help="Seed even when APP_ENV is production.")
def seed_demo(reset_passwords, force):
    """Fill the directory with a demo network and add demo staff users; running it again adds nothing."""
    if os.environ.get("APP_ENV") == "production" and not force:
        raise click.ClickException(
            "APP_ENV is production: demo data would mix with real data (--force to insist)."
        )
    result = demo.seed(reset_passwords=reset_passwords)
    db.session.commit()

    where = f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or 5000}/login"
    click.echo(f"Demo staff users (log in at {where}):")
    for user, password in result.staff:
        shown = f"password: {password}" if password else "already there, password unchanged"
        click.echo(f"  {user.role.value:<10} {user.email:<30} {shown}")
    if not reset_passwords and not all(password for _user, password in result.staff):
        click.echo("  (flask --app app seed-demo --reset-passwords gives them new passwords)")

    if result.forum is not None:
        click.echo(f"Created the held demo forum {result.forum.id}: {result.forum.title}")
    if not result.created:
        click.echo(f"The demo organizations are already there ({result.existing}): nothing created.")
        return
    by_kind = ", ".join(f"{count} {kind.value.replace('_', ' ')}" for kind, count in result.created.items())
    click.echo(f"Created {result.created.total()} organizations: {by_kind}.")
