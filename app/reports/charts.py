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


def _label_width(bars, width=WIDTH_PT):
    longest = max((len(str(bar.label)) for bar in bars), default=0)
    return min(width * 0.4, max(60, longest * CHAR_PT))


def _text(x, y, content, anchor="start", bold=False, colour="#1d2530"):
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT_PT}" text-anchor="{anchor}" fill="{colour}"{weight}>'
        f"{escape(content)}</text>"
    )


def _legend_width(series):
    return sum(11 + len(one.name) * CHAR_PT + 14 for one in series)


def _legend(series, x, y, width=WIDTH_PT):
    """The names of the series in a row from x, moved left as far as needed to fit in the width."""
    x = max(0, min(x, width - _legend_width(series)))
    parts = []
    for one in series:
        parts.append(f'<rect x="{x:.1f}" y="{y - 7.5:.1f}" width="8" height="8" fill="{one.colour}"/>')
        parts.append(_text(x + 11, y, one.name))
        x += 11 + len(one.name) * CHAR_PT + 14
    return parts


def _svg(parts, width, height, title, description):
    """The chart's SVG element: an image to assistive technology, named by its title and description."""
    label = f' aria-label="{escape(title)}"' if title else ""
    heading = f"<title>{escape(title)}</title>" if title else ""
    heading += f"<desc>{escape(description)}</desc>" if description else ""
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img"{label} '
        f'width="{width:.1f}pt" height="{height:.1f}pt" viewBox="0 0 {width:.1f} {height:.1f}" '
        f'font-family="Forums Thai">{heading}{"".join(parts)}</svg>'
    )


def bar_chart(bars, series, maximum=None, title="", description="", width=WIDTH_PT):
    """An SVG chart of ``bars`` (a list of :class:`Bar`) in the colours of ``series``; Markup.

    ``maximum`` is the value of a full-length bar (the largest value when not given).
    Each bar is labelled with its text (or its value); a legend on top names the series.
    ``width`` in points: the text column of an A4 page unless given (a web page scales it).
    """
    bars = list(bars)
    label_w = _label_width(bars, width)
    figure_w = 62
    plot_x = label_w + 6
    plot_w = width - plot_x - figure_w
    top = LEGEND_PT if len(series) > 1 else 4
    group_h = len(series) * BAR_PT + (len(series) - 1) * GAP_PT
    height = top + len(bars) * (group_h + GROUP_GAP_PT) + 2
    peak = maximum or max((v for bar in bars for v in bar.values), default=0) or 1

    parts = _legend(series, plot_x, 10.5, width) if len(series) > 1 else []
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
    return _svg(parts, width, height, title, description)


#: The markers of a line chart's series, in turn: a reader without colour tells the lines apart by them.
MARKERS = ("circle", "square", "diamond", "triangle")


def _marker(shape, x, y, colour):
    r = 3.2
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    d = r + 0.8
    if shape == "diamond":
        corners = ((x, y - d), (x + d, y), (x, y + d), (x - d, y))
    else:
        corners = ((x, y - d), (x + d, y + r), (x - d, y + r))
    points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<polygon points="{points}" fill="{colour}"/>'


def _spread(positions, gap):
    """The y positions (sorted top-down) moved apart just enough that no two are closer than ``gap``."""
    placed = []
    for y in sorted(positions):
        placed.append(max(y, placed[-1] + gap) if placed else y)
    return placed


def line_chart(labels, series, values, maximum=100, suffix="%", title="", description="", width=WIDTH_PT):
    """An SVG line chart of how figures moved: one line per series over the ``labels`` (e.g. years).

    ``values[s][i]`` is series s at label i (None leaves a gap); the y axis runs from 0 to
    ``maximum`` with gridlines at each quarter, labelled with ``suffix``. Each series has its
    own marker shape, so that the chart reads in black and white, and its last value written at
    the right end of its line (moved apart where lines end close together); the pages give
    every value in a table.
    """
    labels = list(labels)
    height = 190
    top, bottom, left, right = LEGEND_PT + 10, 22, 30, 48
    plot_h = height - top - bottom
    plot_w = width - left - right
    step = plot_w / max(len(labels) - 1, 1)
    parts = _legend(series, left, 10.5, width)

    def y_of(value):
        return top + plot_h * (1 - float(value) / float(maximum or 1))

    for quarter in range(5):
        value = maximum * quarter / 4
        y = y_of(value)
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            f'stroke="{"#5b6673" if quarter == 0 else "#d5dbe1"}" stroke-width="0.6"/>'
        )
        parts.append(_text(left - 4, y + FONT_PT / 3, f"{value:g}{suffix}", anchor="end", colour="#5b6673"))
    for index, label in enumerate(labels):
        parts.append(_text(left + index * step, height - 8, str(label), anchor="middle"))
    ends = []
    for number, (one, points) in enumerate(zip(series, values, strict=True)):
        placed = [(left + i * step, y_of(v), v) for i, v in enumerate(points) if v is not None]
        if len(placed) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in placed)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{one.colour}" stroke-width="1.6"/>')
        for x, y, _value in placed:
            parts.append(_marker(MARKERS[number % len(MARKERS)], x, y, one.colour))
        if placed:
            ends.append((placed[-1][1], placed[-1][2], one.colour))
    ends.sort(key=lambda end: end[0])
    spread = _spread([end[0] for end in ends], FONT_PT + 1)
    for (_y, value, colour), y in zip(ends, spread, strict=True):
        text = f"{value:g}{suffix}"
        parts.append(_text(width - right + 8, y + FONT_PT / 3, text, bold=True, colour=colour))
    return _svg(parts, width, height, title, description)
