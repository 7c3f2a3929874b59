"""A fake camera for Chromium: one still picture as a Y4M file that Chromium plays in a loop.

Chromium's `--use-file-for-fake-video-capture` takes only 4:2:0 Y4M (a 4:4:4 file gives
`NotFoundError`). One frame is enough. The file is read each time a page opens the camera,
so rewriting it between two openings shows the next picture in the same browser.
"""

import io
import os

from PIL import Image

from app.qr import qr_png

WIDTH, HEIGHT = 640, 480


def write_y4m(path, picture):
    """Write a PIL image as a one-frame 4:2:0 Y4M of WIDTH × HEIGHT (grey: the chroma planes are flat)."""
    luma = picture.convert("L").resize((WIDTH, HEIGHT))
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F30:1 Ip A1:1 C420jpeg\n".encode("ascii")
    # Written beside and renamed, so Chromium never opens a half-written file.
    partial = f"{path}.partial"
    with open(partial, "wb") as out:
        out.write(header + b"FRAME\n" + luma.tobytes() + chroma + chroma)
    os.replace(partial, path)


def show_qr(path, text):
    """Put a QR code of `text` in front of the fake camera, as a ticket held up at the door."""
    symbol = Image.open(io.BytesIO(qr_png(text, module_px=7)))
    scene = Image.new("L", (WIDTH, HEIGHT), 200)
    scene.paste(symbol.convert("L"), ((WIDTH - symbol.width) // 2, (HEIGHT - symbol.height) // 2))
    write_y4m(path, scene)


def show_nothing(path):
    """An empty grey picture: nobody in front of the camera."""
    write_y4m(path, Image.new("L", (WIDTH, HEIGHT), 200))
