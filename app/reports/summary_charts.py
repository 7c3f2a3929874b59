"""The bar charts of the forum summary report, drawn from its figures (see app/reports/charts.py)."""

from flask_babel import lazy_gettext as _l

from app.reports import charts

#: The chart colours: the document's primary blue for who came, a pale blue for who was invited.
ATTENDED_COLOUR = "#1f5f8b"
INVITED_COLOUR = "#a9c3d8"
MEAN_COLOUR = "#c9a227"


def participation_chart(rows):
    """Of each row with invitations, the organizations invited and how many of them attended (SVG)."""
    bars = [
        charts.Bar(str(row.label), (row.attended, row.invited), (_attended_text(row), str(row.invited)))
        for row in rows
        if row.invited
    ]
    series = [
        charts.Series(str(_l("Attended")), ATTENDED_COLOUR),
        charts.Series(str(_l("Were invited")), INVITED_COLOUR),
    ]
    return charts.bar_chart(bars, series, title=str(_l("Organizations invited and attended")))


def _attended_text(row):
    return f"{row.attended} ({row.attendance_rate.percent}%)"


def means_chart(feedback):
    """The mean of each question on the 5-level scale (SVG); the bars are labelled by question number."""
    bars = [
        charts.Bar(
            str(_l("Item %(n)s", n=n)), (q.mean or 0,), (f"{q.mean} {q.level_label}" if q.mean else "–",)
        )
        for n, q in enumerate(feedback.questions, 1)
    ]
    bars.append(
        charts.Bar(
            str(feedback.overall.text),
            (feedback.overall.mean or 0,),
            (f"{feedback.overall.mean} {feedback.overall.level_label}" if feedback.overall.mean else "–",),
        )
    )
    return charts.bar_chart(bars, [charts.Series(str(_l("Mean")), MEAN_COLOUR)], maximum=5)
