"""Schemathesis hooks of `make fuzz`: the files the imports take, for the fuzzer to send.

The document declares the import's file part as CSV (or XLSX); without a generator for that
format Schemathesis sends a sample image, which only ever tests the refusal of an image.
"""

import csv
import io

import schemathesis
from hypothesis import strategies as st

#: Column titles the imports know, mixed with others, so rows reach the importers' rules.
_TITLES = ["name", "kind", "district", "phone", "email", "title", "fiscal_year", "amount_approved", "ชื่อองค์กร"]


@st.composite
def csv_files(draw):
    titles = draw(st.lists(st.sampled_from(_TITLES), min_size=1, max_size=5, unique=True))
    # Text as people type it: no control characters, which would make the file not text at all.
    cell = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20) | st.integers(-10, 10**6).map(
        str
    )
    rows = draw(st.lists(st.lists(cell, min_size=len(titles), max_size=len(titles)), max_size=5))
    text = io.StringIO()
    csv.writer(text).writerows([titles, *rows])
    return text.getvalue().encode()


schemathesis.openapi.media_type("text/csv", csv_files())
