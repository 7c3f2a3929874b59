"""QR codes of URLs: inline SVG for pages, PNG for downloads and e-mails, data: URIs for PDFs.

Every code holds the URL exactly as given (UTF-8, byte mode), at error-correction
level M (about 15% of the symbol may be damaged or covered and it still reads), with
the four-module light margin ("quiet zone") that the standard asks for and that
phone cameras need to find the symbol on a busy page. Dark modules are black on white,
whatever the page around them looks like.

A QR code carries an opaque link (a ticket's or invitation's URL with its random
token), never a row id: who may see the code may open the link.
"""

import base64
import functools
import io

import qrcode
from markupsafe import Markup, escape
from PIL import Image

ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QUIET_ZONE = 4
#: The longest URL taken; a longer one makes a symbol too dense to print small.
MAX_URL_LENGTH = 1000
#: How many PNGs each process keeps (about 800 bytes each for a ticket's URL).
PNG_CACHE_SIZE = 2048


def _symbol(url, module_px=10):
    if not isinstance(url, str) or not url.strip():
        raise ValueError("a QR code needs a URL")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"URL too long for a printable QR code ({len(url)} > {MAX_URL_LENGTH})")
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE, box_size=module_px)
    code.add_data(url.encode("utf-8"))
    code.make(fit=True)
    return code


def _svg_path(modules):
    # One sub-path per horizontal run of dark modules keeps the SVG small (a ticket
    # URL is ~2 KB of SVG instead of ~8 KB with one square per module).
    parts = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts)


def _svg(url, label):
    modules = _symbol(url).get_matrix()
    size = len(modules)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img" aria-label="{escape(label or url)}">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{_svg_path(modules)}"/></svg>'
    )


def qr_svg(url, label=None):
    """The QR code of ``url`` as an ``<svg>`` element to put straight into an HTML page.

    Format: one ``<svg>`` with ``viewBox="0 0 N N"`` in module units (N = modules
    across, quiet zone included), no width or height (size it with CSS, e.g.
    ``svg { width: 4cm }``), a white ``<rect>`` background and one black ``<path>``;
    ``role="img"`` and ``aria-label`` (``label``, or the URL) for screen readers.
    No ``id`` attributes, so a page may hold many. Returned as ``Markup``.
    """
    return Markup(_svg(url, label))


@functools.lru_cache(maxsize=PNG_CACHE_SIZE)
def qr_png(url, module_px=10):
    """The QR code of ``url`` as PNG bytes: 1-bit black on white, ``module_px`` pixels per module.

    At the default 10 px a ticket URL (41 modules) makes a 410 px square, sharp enough for a phone
    screen, an e-mail or a printed page at 4 cm.
    """
    # Kept per process: the same tickets are opened again and again at the door, and choosing a
    # symbol's mask costs about 5 ms of pure Python (the door's server draws today's ahead: app/lan.py).
    modules = _symbol(url).get_matrix()
    size = len(modules)
    # Scaling one pixel per module up with NEAREST draws the same squares as one rectangle per
    # module (qrcode's own image), in a fraction of the time.
    image = Image.frombytes("1", (size, size), _packed_rows(modules))
    buffer = io.BytesIO()
    image.resize((size * module_px, size * module_px), Image.Resampling.NEAREST).save(buffer, format="PNG")
    return buffer.getvalue()


def qr_png_uri(url):
    """The PNG of :func:`qr_png` as a ``data:image/png;base64,…`` URI, for an ``<img>`` in a page.

    A page that holds its code costs the phone no second request, and the code is kept no longer
    than the page itself (a ticket page is never stored, see app/security_headers.py).
    """
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")


def qr_data_uri(url, label=None):
    """The QR code of ``url`` as a ``data:image/svg+xml;base64,…`` URI, for ``<img src>`` in PDFs.

    WeasyPrint draws the SVG as vectors, so the code stays sharp at any print size.
    The SVG is the one of :func:`qr_svg`.
    """
    encoded = base64.b64encode(_svg(url, label).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def qr_module_uri(url):
    """The QR code of ``url`` as a ``data:image/png;base64,…`` URI of one pixel per module, for PDFs
    that print many codes (badges, certificates).

    Format: a 1-bit PNG, N × N pixels for N modules (quiet zone included). Show it with CSS
    ``image-rendering: pixelated`` at any size: the PDF then scales it without smoothing, so
    the modules stay sharp squares. WeasyPrint places such an image about twenty times
    faster than it draws the SVG of :func:`qr_data_uri`.
    """
    modules = _symbol(url, module_px=1).get_matrix()
    size = len(modules)
    image = Image.frombytes("1", (size, size), _packed_rows(modules))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _packed_rows(modules):
    """The rows as PIL's "1" mode packs them: 8 pixels a byte, 1 = white, each row padded to a byte."""
    rows = bytearray()
    for row in modules:
        bits = "".join("0" if dark else "1" for dark in row)
        bits += "1" * (-len(bits) % 8)
        rows += int(bits, 2).to_bytes(len(bits) // 8, "big")
    return bytes(rows)
