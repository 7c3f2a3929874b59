"""The PDF base: Thai fonts and line breaks, header and footer, tables, long lists in parts, QR codes."""

import io
import itertools
import logging
import os
import re
from datetime import date

import pdfplumber
import pytest
from PIL import Image
from weasyprint.urls import path2url

from app.reports import pdf as pdf_module
from app.reports.pdf import LocalFilesOnly, MissingResource, Part, render_pdf, render_pdf_in_parts
from tests.pdf_helpers import (
    contains,
    embedded_fonts,
    page_count,
    page_image,
    page_lines,
    page_texts,
    qr_codes_on_page,
)

# The PDF module alone: the PostgreSQL run of CI has nothing to add here.
pytestmark = pytest.mark.layout

PRINTED_ON = date(2025, 11, 26)
MM = 72 / 25.4
#: Words libthai's dictionary keeps whole; joined without spaces, as Thai is written.
WORDS = (
    "องค์กร",
    "สวัสดิการ",
    "ชุมชน",
    "ตำบล",
    "ท่าทอง",
    "ได้",
    "ร่วม",
    "กัน",
    "จัด",
    "เวที",
    "แลกเปลี่ยน",
    "เรียนรู้",
    "เรื่อง",
    "การ",
    "ดูแล",
    "ผู้",
    "สูง",
    "อายุ",
    "และ",
    "คน",
    "พิการ",
    "ใน",
    "หมู่บ้าน",
    "โดย",
    "มี",
    "อาสา",
    "สมัคร",
    "เยี่ยม",
    "บ้าน",
    "ทุก",
    "สัปดาห์",
    "พร้อม",
    "ทั้ง",
    "ประสาน",
    "โรงพยาบาล",
    "ส่งเสริม",
    "สุขภาพ",
    "ประจำ",
    "ตำบล",
)


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(caplog):
    """WeasyPrint logs what it ignores (unknown CSS, missing files): a document must not need that."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        yield
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def people(count):
    """Rows for the roster: the name's first line and the organization's last line carry tokens."""
    return [
        {
            "name": f"นางสาวสมใจ ใจดี A{n:04d}",
            "organization": f"มูลนิธิพัฒนาเด็กและเยาวชนจังหวัดพิษณุโลก Z{n:04d}",
            "position": "ประธานกรรมการ",
            "phone": f"081-234-{n:04d}",
        }
        for n in range(1, count + 1)
    ]


def roster(count, **options):
    rows = people(count)
    context = {"title": "แบบลงทะเบียนผู้เข้าร่วมเวที", "total": count, "printed_on": PRINTED_ON}
    if "rows_per_part" in options:
        return render_pdf_in_parts("pdf/roster.html", rows, options["rows_per_part"], **context)
    return render_pdf("pdf/roster.html", part=Part.whole(rows), **context)


@pytest.fixture(scope="module")
def roster_110(app):
    with app.app_context():
        return roster(110)


def test_fonts_are_the_shipped_forums_thai_embedded(roster_110):
    assert embedded_fonts(roster_110) == {"Forums-Thai": True, "Forums-Thai-Bold": True}


def test_every_page_has_the_office_the_print_date_and_page_n_of_n(app, roster_110):
    texts = page_texts(roster_110)
    assert len(texts) > 3
    for number, text in enumerate(texts, 1):
        assert contains(text, app.config["OFFICE_NAME"])
        assert f"หน้า {number} จาก {len(texts)}" in text
        assert contains(text, "พิมพ์เมื่อ 26 พฤศจิกายน 2568")


def test_table_header_repeats_and_no_row_is_split_or_lost(roster_110):
    seen = []
    for text in page_texts(roster_110):
        assert contains(text, "ชื่อ-สกุล หน่วยงาน ตำแหน่ง โทรศัพท์ ลายมือชื่อ")
        starts, ends = re.findall(r"A(\d{4})", text), re.findall(r"Z(\d{4})", text)
        assert starts == ends  # a row's first and last lines are on the same page
        seen += starts
    assert seen == [f"{n:04d}" for n in range(1, 111)]


@pytest.mark.parametrize("width", ["6cm", "100%"])
def test_long_thai_text_wraps_between_words_inside_the_column(width):
    words = WORDS * 3
    text = "".join(words)
    context = {"title": "ทดสอบการตัดคำ", "text": text, "width": width, "printed_on": PRINTED_ON}
    pdf = render_pdf("pdf/paragraph.html", **context)
    page_width, lines = page_lines(pdf, 1)
    body = [line for line in lines if line["text"] in text]
    assert len(body) > 2
    assert "".join(line["text"] for line in body) == text
    left, right = 22 * MM, page_width - 18 * MM
    for line in body:
        assert left - 1 <= line["x0"] and line["x1"] <= right + 1, line["text"]
    word_ends = set(itertools.accumulate(len(w) for w in words))
    line_ends = list(itertools.accumulate(len(line["text"]) for line in body))
    assert [end for end in line_ends if end not in word_ends] == []


def test_a_list_in_parts_gives_the_same_pages_as_one_document(app, roster_110):
    in_parts = roster(110, rows_per_part=30)
    assert page_texts(in_parts) == page_texts(roster_110)
    assert embedded_fonts(in_parts) == {"Forums-Thai": True, "Forums-Thai-Bold": True}


def test_parts_smaller_than_a_page_are_grown_until_they_fill_one(roster_110):
    assert page_texts(roster(110, rows_per_part=3)) == page_texts(roster_110)


def test_an_empty_list_in_parts_is_one_page_with_its_closing():
    texts = page_texts(roster(0, rows_per_part=30))
    assert len(texts) == 1
    assert "หน้า 1 จาก 1" in texts[0]
    assert contains(texts[0], "รวมทั้งสิ้น 0 คน")


def test_qr_codes_inline_svg_and_data_uri_decode_from_the_printed_page():
    inline_url = "https://forum.example.go.th/t/Zq3x_9bKc-2mVtR8sLw4yHn0aPe1dUoG"
    image_url = "https://forum.example.go.th/i/Hk2-Pq9_xYz81LmN0aB4cD7eF6gH5iJ3"
    pdf = render_pdf("pdf/qr.html", inline_url=inline_url, image_url=image_url)
    assert sorted(qr_codes_on_page(pdf, 1, dpi=150)) == sorted([inline_url, image_url])


def _office_name_x0(app, pdf):
    """Where the office's name starts in the header: right of the logo, or at the margin without one."""
    _width, lines = page_lines(pdf, 1)
    office = app.config["OFFICE_NAME"]
    return next(line["x0"] for line in lines if line["text"].startswith(office)) / MM


def _logo_is_drawn(pdf):
    image = page_image(pdf, 1, dpi=72).convert("L")
    logo_box = image.crop((int(22 * MM), int(12 * MM), int(31 * MM), int(22 * MM)))
    return logo_box.getextrema()[0] < 128


def qr_page():
    return render_pdf("pdf/qr.html", inline_url="x:1", image_url="x:2")


def test_the_shipped_emblem_is_the_default_logo(app):
    assert app.config["OFFICE_LOGO"] == "img/emblem.svg"
    pdf = qr_page()
    assert _logo_is_drawn(pdf)
    assert _office_name_x0(app, pdf) > 31


def test_no_logo_when_the_setting_is_empty(app, monkeypatch):
    monkeypatch.setitem(app.config, "OFFICE_LOGO", "")
    assert _office_name_x0(app, qr_page()) == pytest.approx(22, abs=0.5)


def test_a_logo_from_the_instance_folder(app, monkeypatch, tmp_path):
    Image.new("RGB", (60, 60), "#123456").save(tmp_path / "logo.png")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setitem(app.config, "OFFICE_LOGO", "logo.png")
    pdf = qr_page()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages[0].images) == 1
    assert _office_name_x0(app, pdf) > 31


def test_a_logo_outside_instance_and_static_falls_back_to_the_emblem(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "OFFICE_LOGO", "/etc/hostname")
    with caplog.at_level(logging.WARNING):
        pdf = qr_page()
    assert "OFFICE_LOGO" in caplog.text
    assert _logo_is_drawn(pdf)


def test_documents_load_only_files_of_the_app(app):
    fetcher = LocalFilesOnly([app.static_folder, app.instance_path])
    css = fetcher.fetch(path2url(os.path.join(app.static_folder, "css", "print.css")))
    assert b"Forums Thai" in css.read()
    css.close()
    for url in ("file:///etc/passwd", path2url(app.static_folder + "/../config.py"), "http://127.0.0.1/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.parametrize("src", ["file:///etc/passwd", "img/no-such-image.png", "http://127.0.0.1:9/x.png"])
def test_a_document_stops_on_a_file_it_may_not_or_cannot_load(src):
    with pytest.raises(MissingResource):
        render_pdf("pdf/image.html", src=src)


def test_page_count_helper_agrees_with_the_text(roster_110):
    assert page_count(roster_110) == len(page_texts(roster_110))


def _page_tops(pdf):
    """The rows (0-based) that begin each page after the first."""
    return [int(re.search(r"A(\d{4})", text)[1]) - 1 for text in page_texts(pdf)[1:]]


@pytest.mark.parametrize("foretelling", ["right", "one row late", "none"])
def test_parts_side_by_side_give_the_pages_of_one_document(app, roster_110, monkeypatch, foretelling):
    """Workers lay parts out at once where the document foretells its pages start; a wrong guess
    (or none) costs time, not pages."""
    tops = _page_tops(roster_110)
    late = {"right": 0, "one row late": 1, "none": None}[foretelling]

    def page_tops(lay_out):
        if late is None:
            return lambda start: iter(())
        return lambda start: (top + late for top in tops if top > start)

    layers = []
    document = pdf_module._document

    def spied(template_name, context, font_config):
        layers.append(context.get("pdf_layer"))
        return document(template_name, context, font_config)

    monkeypatch.setattr(pdf_module, "_document", spied)
    monkeypatch.setattr(pdf_module, "PARALLEL_ROWS", 1)
    monkeypatch.setitem(app.config, "PDF_WORKERS", 2)
    context = {"title": "แบบลงทะเบียนผู้เข้าร่วมเวที", "total": 110, "printed_on": PRINTED_ON}
    side_by_side = render_pdf_in_parts("pdf/roster.html", people(110), 20, page_tops=page_tops, **context)
    assert page_texts(side_by_side) == page_texts(roster_110)
    assert embedded_fonts(side_by_side) == {"Forums-Thai": True, "Forums-Thai-Bold": True}
    # Parts told their pages right print their own numbers; with no foretelling, they are drawn over.
    assert ("page_numbers" in layers) == (foretelling == "none")
