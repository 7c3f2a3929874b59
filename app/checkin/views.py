"""The door staff's and organizers' pages of check-in at /forums/<id>/checkin/…

The blueprint is shared by every check-in page module; the scanner page itself
(GET /forums/<id>/checkin) is registered on it by its own module.
"""

from flask import Blueprint

from app.checkin import models  # noqa: F401  (the tables, for the migrations and the app)

bp = Blueprint("checkin", __name__, url_prefix="/forums")
