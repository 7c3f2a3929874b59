"""flask create-user, create-token and ensure-admin."""

import os

import click
from flask import Blueprint

from app.auth import service
from app.auth.models import Role
from app.extensions import db

bp = Blueprint("auth_commands", __name__, cli_group=None)


@bp.cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANIZER.value)
@click.option("--name", default="")
@click.option("--password", default=None, help="Leave out to get a one-time password.")
def create_user(email, role, name, password):
    """Add a staff account."""
    try:
        user, generated = service.create_user(email, role, password=password, name=name)
    except service.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")
    if generated:
        click.echo(f"One-time password: {generated}")


@bp.cli.command("create-token")
@click.argument("email")
@click.option("--name", default="cli")
def create_token(email, name):
    """Make an API token for a user and print it once."""
    user = service.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    token = service.create_token(user, name)
    db.session.commit()
    click.echo(token)


@bp.cli.command("ensure-admin")
def ensure_admin():
    """Create the first admin (ADMIN_EMAIL / ADMIN_PASSWORD) when there is none."""
    made = service.ensure_admin(os.environ.get("ADMIN_EMAIL"), os.environ.get("ADMIN_PASSWORD"))
    if made is None:
        return
    user, generated = made
    db.session.commit()
    click.echo(f"First admin created: {user.email}")
    if generated:
        click.echo(f"One-time password (change it at first login): {generated}")
