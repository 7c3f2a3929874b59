"""Who may open what: role checks shared by every area's views."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.auth.models import Role

STAFF = (Role.ADMIN, Role.ORGANIZER)
DOOR = (Role.ADMIN, Role.ORGANIZER, Role.CHECKIN)


def role_required(*roles):
    """Let in logged-in users with one of the roles; others get the login page or 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def is_safe_next(target):
    """Accept only a local path as the place to go after login (no scheme, no host)."""
    if not target or not target.startswith("/"):
        return False
    if target.startswith("//") or "\\" in target:
        return False
    return not any(ord(ch) < 32 for ch in target)
