"""the directory's search finds phone numbers typed without dashes or spaces

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-07 15:40:00

"""
import re
from collections import defaultdict

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _digits(phone):
    """As app.thai.phone_digits (kept apart: a migration must not change when the app does)."""
    return re.sub(r"\D", "", (phone or "").translate(THAI_DIGITS))


def upgrade():
    # Organization.refresh_search_fields now ends the search text with each phone number's digits
    # (the organization's, then its contacts'); rows saved before get them here.
    bind = op.get_bind()
    phones = defaultdict(list)
    for organization_id, phone in bind.execute(sa.text("SELECT id, phone FROM organizations ORDER BY id")):
        phones[organization_id].append(phone)
    for organization_id, phone in bind.execute(
        sa.text("SELECT organization_id, phone FROM contacts ORDER BY organization_id, position_order, id")
    ):
        phones[organization_id].append(phone)
    for organization_id, numbers in phones.items():
        digits = " ".join(d for d in map(_digits, numbers) if d)
        if digits:
            bind.execute(
                sa.text("UPDATE organizations SET search_text = search_text || :digits WHERE id = :id"),
                {"digits": " " + digits, "id": organization_id},
            )


def downgrade():
    # The digits at the end of the search text harm nothing; the next save of each row rewrites it.
    pass
