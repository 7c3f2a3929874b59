"""The forms of network health. A report's and a support's fields are checked by app.network.fields
(the one declaration of each record); these forms add what a browser form needs: the CSRF token,
the honeypot of public forms, and files."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField

from app.directory.forms import HoneypotMixin


class ReportFilesForm(FlaskForm):
    """A report typed in by staff: its fields come from REPORT_FIELDS; the scan of the paper here."""

    files = MultipleFileField(_l("Files (PDF or photos)"))


class PublicReportForm(HoneypotMixin, ReportFilesForm):
    """The report an organization sends through its self-update link."""


class RecordForm(FlaskForm):
    """A form whose fields are all declared in app.network.fields (a support entry): CSRF only."""
