"""Bar charts as inline SVG, drawn on the server from plain figures, for printed documents.

Horizontal bars, because Thai labels are long and read best on one line at the left;
each bar carries its own figure, so the chart reads in black and white and needs no
axis to be measured against. Text in the SVG is laid out by WeasyPrint with the
document's font (Forums Thai), so it stays selectable and extracts like the rest of the page.
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

#: The width of the text column of an A4 page (print.css: 210 mm less 22 + 18 mm margins), in points.
WIDTH_PT = 170 * 72 / 25.4
FONT_PT = 9
BAR_PT = 9
GAP_PT = 2.5
GROUP_GAP_PT = 7
LEGEND_PT = 18
#: Widths of a Forums Thai (Sarabun) character at 9 pt, generous, to size the label column.
CHAR_PT = 4.6


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One category of the chart: its label, one value per series, and the texts shown at the bars' ends."""

    label: str
    values: tuple
    texts: tuple = ()


def _label_width(bars):
    longest = max((len(str(bar.label)) for bar in bars), default=0)
    return min(WIDTH_PT * 0.4, max(60, longest * CHAR_PT))


def _text(x, y, content, anchor="start", bold=False, colour="#1d2530"):
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT_PT}" text-anchor="{anchor}" fill="{colour}"{weight}>'
        f"{escape(content)}</text>"
    )


def bar_chart(bars, series, maximum=None, title=""):
    """An SVG chart of ``bars`` (a list of :class:`Bar`) in the colours of ``series``; Markup.

    ``maximum`` is the value of a full-length bar (the largest value when not given).
    Each bar is labelled with its text (or its value); a legend on top names the series.
    """
    bars = list(bars)
    label_w = _label_width(bars)
    figure_w = 62
    plot_x = label_w + 6
    plot_w = WIDTH_PT - plot_x - figure_w
    top = LEGEND_PT if len(series) > 1 else 4
    group_h = len(series) * BAR_PT + (len(series) - 1) * GAP_PT
    height = top + len(bars) * (group_h + GROUP_GAP_PT) + 2
    peak = maximum or max((v for bar in bars for v in bar.values), default=0) or 1

    parts = []
    if len(series) > 1:
        x = plot_x
        for one in series:
            parts.append(f'<rect x="{x:.1f}" y="3" width="8" height="8" fill="{one.colour}"/>')
            parts.append(_text(x + 11, 10.5, one.name))
            x += 11 + len(one.name) * CHAR_PT + 14
    # The base line the bars grow from.
    parts.append(
        f'<line x1="{plot_x:.1f}" y1="{top - 2:.1f}" x2="{plot_x:.1f}" y2="{height - 2:.1f}" '
        'stroke="#5b6673" stroke-width="0.6"/>'
    )
    y = top
    for bar in bars:
        parts.append(_text(label_w, y + group_h / 2 + FONT_PT / 3, bar.label, anchor="end"))
        texts = bar.texts or tuple(str(v) for v in bar.values)
        for index, (one, value) in enumerate(zip(series, bar.values, strict=True)):
            bar_y = y + index * (BAR_PT + GAP_PT)
            length = plot_w * float(value or 0) / float(peak)
            if length > 0:
                parts.append(
                    f'<rect x="{plot_x:.1f}" y="{bar_y:.1f}" width="{length:.1f}" height="{BAR_PT}" '
                    f'fill="{one.colour}"/>'
                )
            parts.append(_text(plot_x + length + 3, bar_y + BAR_PT - 1.5, texts[index], bold=index == 0))
        y += group_h + GROUP_GAP_PT

    label = f' aria-label="{escape(title)}"' if title else ""
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img"{label} '
        f'width="{WIDTH_PT:.1f}pt" height="{height:.1f}pt" viewBox="0 0 {WIDTH_PT:.1f} {height:.1f}" '
        f'font-family="Forums Thai">{"".join(parts)}</svg>'
    )
