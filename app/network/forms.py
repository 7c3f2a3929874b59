"""The forms of network health. A report's and a support's fields are checked by app.network.fields
(the one declaration of each record); these forms add what a browser form needs: the CSRF token,
the honeypot of public forms, and files."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, MultipleFileField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from app.directory.forms import HoneypotMixin
from app.network.fields import FISCAL_YEARS


class ReportFilesForm(FlaskForm):
    """A report typed in by staff: its fields come from REPORT_FIELDS; the scan of the paper here."""

    files = MultipleFileField(_l("Files (PDF or photos)"))


class PublicReportForm(HoneypotMixin, ReportFilesForm):
    """The report an organization sends through its self-update link."""


class RecordForm(FlaskForm):
    """A form whose fields are all declared in app.network.fields (a support entry): CSRF only."""


class SupportImportForm(FlaskForm):
    """The Fund's project list to import."""

    file = FileField(
        _l("The Fund's project list (.xlsx, .xls or .csv)"),
        validators=[FileRequired(_l("Choose a file to import."))],
    )
    fiscal_year = IntegerField(
        _l("Fiscal year of rows that give none"),
        validators=[
            Optional(),
            NumberRange(*FISCAL_YEARS, message=_l("Write the fiscal year in the Buddhist era, like 2562.")),
        ],
    )
    mode = RadioField(
        _l("If some rows have errors"),
        choices=[
            SelectChoice("all_or_nothing", _l("Import nothing, so that I can correct the file")),
            SelectChoice("good_rows", _l("Import the good rows and list the bad ones")),
        ],
        default="all_or_nothing",
    )
