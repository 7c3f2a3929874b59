"""Network health: the organizations' yearly reports, the support they receive, and the office's
figures of whom it reaches and whom it is losing (issue 10)."""

from flask import Blueprint

bp = Blueprint("network", __name__, url_prefix="/network")
