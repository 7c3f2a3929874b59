"""Build the fonts the pages load: Sarabun as WOFF2, and the public pages' few Bootstrap Icons.

Why (issue 15, phones on mobile data): the pages loaded Sarabun as two 83 KB TrueType files and
the public pages the whole Bootstrap Icons font (131 KB, some 2,000 icons) with its 86 KB
stylesheet, for the twenty-odd icons they show. This script writes:

- ``static/fonts/Sarabun-400.woff2`` and ``Sarabun-700.woff2``: Sarabun's Thai and Latin
  characters (the ranges below; every OpenType feature and name kept, the license among them),
  and ``static/css/fonts.css`` declaring them with the same ``unicode-range``, so a character
  outside it falls back to the system font instead of missing;
- ``static/vendor/bootstrap-icons/fonts/bootstrap-icons-public.woff2`` and
  ``static/vendor/bootstrap-icons/bootstrap-icons-public.css``: only the icons named in the
  templates that extend ``public_base.html``, in what they include or import, and in the
  scripts they load. Staff pages keep the whole set.

The stylesheets name each font with ``?v=`` and the file's fingerprint, as ``url_for`` does
(app/static_files.py), so a browser keeps the fonts for a year and a rebuilt font gets a new
address. Sarabun is under the SIL Open Font License 1.1 (static/fonts/OFL.txt) with no
Reserved Font Name, so the subset keeps its name; Bootstrap Icons under MIT
(static/vendor/bootstrap-icons/LICENSE). Run ``make web-fonts`` after changing the icons of a
public page; tests/test_static_files.py fails while the subset misses one.
"""

import os
import re
import sys

from fontTools import subset

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app.static_files import file_fingerprint  # noqa: E402

STATIC = os.path.join(ROOT, "static")
TEMPLATES = os.path.join(ROOT, "templates")
ICONS = os.path.join(STATIC, "vendor", "bootstrap-icons")
#: Thai and Latin as Google Fonts splits Sarabun (its "thai" and "latin" subsets), plus the
#: dotted circle Thai marks stand on when shown alone.
SARABUN_RANGE = (
    "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0E01-0E5B, "
    "U+2000-206F, U+2074, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+25CC, U+FEFF, U+FFFD"
)
SARABUN = {400: "Sarabun_400Regular.ttf", 700: "Sarabun_700Bold.ttf"}
PUBLIC_BASE = "public_base.html"
TEMPLATE_REFERENCE = re.compile(r"{%-?\s*(?:include|import|from|extends)\s+[\"']([^\"']+)[\"']")
SCRIPT_REFERENCE = re.compile(r"filename=[\"'](js/[^\"']+)[\"']")
ICON_NAME = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
#: An icon whose name a template builds at run time: the subset cannot know it.
BUILT_ICON = re.compile(r"\bbi-{{|\bbi {{|\bbi-\"\s*\+|\bbi-'\s*\+|\bbi-\$\{")


def read(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as file:
        file.write(data)


def subset_font(source, target, unicodes):
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    subset.save_font(font, target, options)


def parse_range(text):
    unicodes = []
    for part in text.replace("U+", "").split(","):
        first, _, last = part.strip().partition("-")
        unicodes.extend(range(int(first, 16), int(last or first, 16) + 1))
    return unicodes


def public_templates():
    """public_base.html, every template that extends it, and what those include or import."""
    names = {PUBLIC_BASE}
    for folder, _dirs, files in os.walk(TEMPLATES):
        for file in files:
            path = os.path.join(folder, file)
            if file.endswith(".html") and f'extends "{PUBLIC_BASE}"' in read(path):
                names.add(os.path.relpath(path, TEMPLATES).replace(os.sep, "/"))
    pending = list(names)
    while pending:
        for reference in TEMPLATE_REFERENCE.findall(read(os.path.join(TEMPLATES, pending.pop()))):
            if reference not in names:
                names.add(reference)
                pending.append(reference)
    return sorted(names)


def public_sources():
    """(name, text) of the public pages' templates and of the scripts they load."""
    sources, scripts = [], set()
    for name in public_templates():
        text = read(os.path.join(TEMPLATES, name))
        sources.append((name, text))
        scripts.update(SCRIPT_REFERENCE.findall(text))
    return sources + [(script, read(os.path.join(STATIC, script))) for script in sorted(scripts)]


def public_icon_names():
    """The icons the public pages show: named in their templates and in the scripts they load."""
    names = set()
    for source, text in public_sources():
        if BUILT_ICON.search(text):
            raise SystemExit(f"{source} builds an icon's name at run time; name it whole for the subset")
        names.update(ICON_NAME.findall(text))
    return sorted(names)


def icon_codepoints():
    """Every Bootstrap Icons name and its character, from the full stylesheet."""
    css = read(os.path.join(ICONS, "bootstrap-icons.min.css"))
    return dict(re.findall(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}', css))


def build_icons():
    names, codepoints = public_icon_names(), icon_codepoints()
    unknown = [name for name in names if name not in codepoints]
    if unknown:
        raise SystemExit(f"no such Bootstrap icon: {', '.join(unknown)}")
    font = os.path.join(ICONS, "fonts", "bootstrap-icons-public.woff2")
    characters = [int(codepoints[name], 16) for name in names]
    subset_font(os.path.join(ICONS, "fonts", "bootstrap-icons.woff2"), font, characters)
    full = read(os.path.join(ICONS, "bootstrap-icons.min.css"))
    header = full[: full.index("*/") + 2]
    shared = re.search(r"\.bi::before,[^{]+\{[^}]+\}", full).group(0)
    rules = "".join(f'.bi-{name}::before{{content:"\\{codepoints[name]}"}}' for name in names)
    css = (
        f"{header}\n/* The icons the public pages use (tools/web_fonts.py). */\n"
        "@font-face{font-display:block;font-family:bootstrap-icons;"
        f'src:url("fonts/bootstrap-icons-public.woff2?v={file_fingerprint(font)}") format("woff2")}}'
        f"{shared}{rules}\n"
    )
    write(os.path.join(ICONS, "bootstrap-icons-public.css"), css)
    return names


def build_sarabun():
    faces = []
    for weight, source in SARABUN.items():
        target = os.path.join(STATIC, "fonts", f"Sarabun-{weight}.woff2")
        subset_font(os.path.join(STATIC, "fonts", source), target, parse_range(SARABUN_RANGE))
        faces.append(
            "@font-face {\n"
            '  font-family: "Sarabun";\n'
            f'  src: url("../fonts/Sarabun-{weight}.woff2?v={file_fingerprint(target)}") format("woff2");\n'
            f"  font-weight: {weight};\n"
            "  font-style: normal;\n"
            "  font-display: swap;\n"
            f"  unicode-range: {SARABUN_RANGE};\n"
            "}\n"
        )
    header = "/* Sarabun's Thai and Latin as WOFF2 (tools/web_fonts.py; SIL OFL 1.1: ../fonts/OFL.txt). */\n"
    write(os.path.join(STATIC, "css", "fonts.css"), header + "".join(faces))


def main():
    build_sarabun()
    names = build_icons()
    print(f"Sarabun 400 and 700 as WOFF2; {len(names)} icons for the public pages: {' '.join(names)}")


if __name__ == "__main__":
    main()
