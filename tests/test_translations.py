"""Thai is the default language: every message the app shows must have a Thai translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "app" / "translations" / "th" / "LC_MESSAGES" / "messages.po"


def test_every_message_in_the_code_has_a_thai_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "--no-location", "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with template.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with CATALOG.open("rb") as f:
        # A plural message's string is a tuple: every form needs its text.
        translated = {m.id for m in read_po(f) if m.id and m.string and all(m.string) and not m.fuzzy}
    assert sorted(wanted - translated) == []
