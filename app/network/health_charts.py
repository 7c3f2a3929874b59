"""The charts of network health, drawn on the server from its figures (app/reports/charts.py), so
that the dashboard and the annual report PDF show the same pictures. Each chart is named by a
title and described in words; the pages give the same numbers in a table beside it."""

from flask_babel import gettext as _

from app.directory.labels import KIND_LABELS
from app.directory.models import OrganizationKind
from app.network.figures import FIGURE_COLOURS, FIGURE_SHORT, percent
from app.network.health import FIGURES
from app.reports import charts

#: A chart's width on a web page, in points: scaled down to fit a phone, its text still legible.
WEB_WIDTH_PT = 380


def _series():
    return [charts.Series(str(FIGURE_SHORT[name]), FIGURE_COLOURS[name]) for name in FIGURES]


def _shares(row):
    return [(name, getattr(row, name)) for name in FIGURES]


def _describe(row):
    return "; ".join(
        _(
            "%(figure)s %(count)d of %(total)d (%(percent)s%%)",
            figure=FIGURE_SHORT[name],
            count=share.count,
            total=row.organizations,
            percent=percent(share.share),
        )
        for name, share in _shares(row)
    )


def figures_chart(row, width=charts.WIDTH_PT):
    """The four figures of one row (overall, a kind or a district): per cents of its organizations."""
    bars = [
        charts.Bar(
            str(FIGURE_SHORT[name]),
            (percent(share.share),),
            (f"{share.count} ({percent(share.share)}%)",),
        )
        for name, share in _shares(row)
    ]
    series = [charts.Series(_("Per cent of the organizations"), FIGURE_COLOURS["took_part"])]
    return charts.bar_chart(
        bars,
        series,
        maximum=100,
        title=_("Network health: per cent of %(n)d certified organizations", n=row.organizations),
        description=_describe(row),
        width=width,
    )


def groups_chart(groups, title, width=charts.WIDTH_PT):
    """The four figures of each group, side by side: ``groups`` is [(label, HealthRow)]."""
    bars = [
        charts.Bar(
            f"{label} ({row.organizations})",
            tuple(percent(share.share) for _name, share in _shares(row)),
            tuple(f"{percent(share.share)}%" for _name, share in _shares(row)),
        )
        for label, row in groups
        if row.organizations
    ]
    description = " / ".join(f"{label}: {_describe(row)}" for label, row in groups if row.organizations)
    return charts.bar_chart(bars, _series(), maximum=100, title=title, description=description, width=width)


def kind_groups(figures):
    """[(label, HealthRow)] of the kinds of organization of a NetworkHealth."""
    return [(str(KIND_LABELS[OrganizationKind(kind)]), row) for kind, row in figures.by_kind]


def district_groups(figures):
    """[(label, HealthRow)] of the districts of a NetworkHealth."""
    return [(name, row) for _code, name, row in figures.by_district]


def kind_chart(figures, width=charts.WIDTH_PT):
    return groups_chart(kind_groups(figures), _("Network health by kind of organization"), width)


def district_chart(figures, width=charts.WIDTH_PT):
    return groups_chart(district_groups(figures), _("Network health by district"), width)


def trend_chart(trend, width=charts.WIDTH_PT):
    """How the four figures moved over the fiscal years of ``trend`` (NetworkHealth, oldest first)."""
    values = [[float(percent(getattr(year.overall, name).share)) for year in trend] for name in FIGURES]
    description = " / ".join(f"{year.fiscal_year}: {_describe(year.overall)}" for year in trend)
    return charts.line_chart(
        [year.fiscal_year for year in trend],
        _series(),
        values,
        title=_(
            "Network health over the fiscal years %(first)s–%(last)s",
            first=trend[0].fiscal_year,
            last=trend[-1].fiscal_year,
        ),
        description=description,
        width=width,
    )
