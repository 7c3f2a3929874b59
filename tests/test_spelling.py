"""One spelling of check-in in Thai across the product: the Royal Institute's เช็กอิน, never เช็คอิน."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where Thai words people read are written: the catalog, templates (PDFs too), code and scripts.
PLACES = ["app/translations/th/LC_MESSAGES/messages.po", "templates", "app", "static/js"]


def test_check_in_is_spelled_one_way():
    wrong = []
    for place in PLACES:
        path = ROOT / place
        files = (
            [path]
            if path.is_file()
            else [p for p in path.rglob("*") if p.suffix in (".po", ".html", ".py", ".js")]
        )
        for file in files:
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
                if "เช็คอิน" in line:
                    wrong.append(f"{file.relative_to(ROOT)}:{number}")
    assert wrong == []
