"""The stylesheets are whole: an unclosed brace (a merge's leftover) silently nests every rule after it."""

import pathlib
import re

import pytest

CSS = sorted((pathlib.Path(__file__).parent.parent / "static" / "css").glob("*.css"))


@pytest.mark.parametrize("path", CSS, ids=lambda p: p.name)
def test_every_brace_is_closed_and_no_rule_sits_inside_another(path):
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    depth, outer = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            if char == "{":
                # Only @media, @supports and the like hold rules; a rule inside a rule is a lost brace.
                assert depth == 0 or outer.startswith("@"), f"{path.name}:{number}: a rule inside {outer!r}"
                if depth == 0:
                    outer = line.strip()
                depth += 1
            elif char == "}":
                depth -= 1
                assert depth >= 0, f"{path.name}:{number}: a closing brace too many"
    assert depth == 0, f"{path.name}: {depth} brace(s) left open"
