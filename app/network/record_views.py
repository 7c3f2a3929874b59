"""Staff forms of network health: a paper report with its scan, a support entry, the Fund-list import."""

from app.network import bp, models  # noqa: F401  (the models register with the blueprint's area)
