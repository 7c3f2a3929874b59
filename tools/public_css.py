"""Build the public pages' Bootstrap: only the rules whose classes those pages can use.

Why (issue 15, phones on mobile data): Bootstrap's whole stylesheet is 228 KB (34 KB compressed)
and blocks the first paint; the forum page and the registration form use a small part of it.
This script writes ``static/vendor/bootstrap/bootstrap-public.min.css``: Bootstrap's own
rules, unchanged and in their order, less every selector that names a class no public page can
carry. A class can be carried when its name is a word in the public pages' templates or the
scripts they load (tools/web_fonts.py finds them) or in a string of an area's labels.py (a
status's colour); a template that builds a class from a prefix
(``text-bg-{{ colour }}``) keeps every class with that prefix. Rules naming no class (the
reboot, ``:root``'s variables) stay; a class inside ``:not()``, ``:is()``, ``:where()`` or
``:has()`` is not needed for its selector to stay. Staff pages keep the whole stylesheet.

Run ``make web-fonts`` (which runs this too) after changing a public page's classes;
tests/test_static_files.py fails while the committed file is not what this script makes.
"""

import ast
import os
import re
import sys

import tinycss2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tools.web_fonts import STATIC, public_sources, read, write  # noqa: E402

BOOTSTRAP = os.path.join(STATIC, "vendor", "bootstrap")
SOURCE = os.path.join(BOOTSTRAP, "bootstrap.min.css")
TARGET = os.path.join(BOOTSTRAP, "bootstrap-public.min.css")
WORD = re.compile(r"[A-Za-z0-9_-]+")
BUILT_CLASS = re.compile(r"([a-z][a-z0-9-]*-){{")
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has)\(")


def label_words():
    """The words in the strings of the areas' labels.py: the colours and icons they hand to templates."""
    words = set()
    for folder, _dirs, files in os.walk(os.path.join(ROOT, "app")):
        if "labels.py" in files:
            tree = ast.parse(read(os.path.join(folder, "labels.py")))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    words.update(WORD.findall(node.value))
    return words


def usable_classes():
    """(words a public page can carry as a class, prefixes a template builds classes from)."""
    words, prefixes = label_words(), set()
    for _name, text in public_sources():
        words.update(WORD.findall(text))
        prefixes.update(BUILT_CLASS.findall(text))
    return words, tuple(sorted(prefixes))


def without_functional_pseudos(selector):
    """The selector less the arguments of :not(), :is(), :where() and :has()."""
    while match := FUNCTIONAL_PSEUDO.search(selector):
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(selector[end], 0)
            end += 1
        selector = selector[: match.start()] + selector[end:]
    return selector


def split_selectors(prelude):
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def keeps(selector, words, prefixes):
    return all(
        name in words or name.startswith(prefixes)
        for name in CLASS.findall(without_functional_pseudos(selector))
    )


def subset_rules(rules, words, prefixes):
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                s for s in split_selectors(tinycss2.serialize(rule.prelude)) if keeps(s, words, prefixes)
            ]
            if selectors:
                out.append(f"{','.join(selectors)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.at_keyword in ("media", "supports"):
            inner = subset_rules(tinycss2.parse_rule_list(rule.content), words, prefixes)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule" and rule.at_keyword != "charset":
            out.append(rule.serialize())
    return out


def build():
    """The public stylesheet's text."""
    source = read(SOURCE)
    header = source[: source.index("*/") + 2]
    words, prefixes = usable_classes()
    rules = subset_rules(tinycss2.parse_stylesheet(source, skip_comments=True), words, prefixes)
    body = "".join(rules)
    # An animation no kept rule runs is dropped with the rules that ran it.
    body = re.sub(
        r"@keyframes ([\w-]+)\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}",
        lambda match: match.group(0) if re.search(rf"animation[^;}}]*\b{match.group(1)}\b", body) else "",
        body,
    )
    return f"{header}\n/* The rules the public pages use (tools/public_css.py). */\n{body}\n"


def main():
    text = build()
    write(TARGET, text)
    kept, whole = len(text.encode()) // 1024, os.path.getsize(SOURCE) // 1024
    print(f"{os.path.relpath(TARGET, ROOT)}: {kept} KB of {whole} KB")


if __name__ == "__main__":
    main()
