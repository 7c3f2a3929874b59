"""What a document may load: the app's own files, nothing from the network (every PDF is made so).

Apart from app.reports.pdf so that the worker processes that lay parts out
(app/reports/parallel_parts.py) need WeasyPrint only, not Flask's extensions and pypdf.
"""

import os
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher


class MissingResource(RuntimeError):
    """A file a document needs (font, stylesheet, image) is missing or not allowed."""


class LocalFilesOnly(URLFetcher):
    """Let a document load the app's files (static/, instance/, uploads) and data: URIs, and nothing else.

    A PDF never reaches the network and never reads a file outside the app; a missing
    file stops the rendering instead of leaving a blank (a missing font would print
    Thai as empty boxes without a word of warning).
    """

    def __init__(self, roots):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = [os.path.realpath(root) for root in roots]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = os.path.realpath(url2pathname(urlsplit(url).path))
            if not any(path.startswith(root + os.sep) for root in self.roots):
                raise ValueError(f"a document may not load {path}")
        return super().fetch(url, headers)
