"""Charts drawn on the server as SVG: no script, no external asset.

Text is escaped with xml.sax.saxutils; sizes are in SVG user units (px).
"""

from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planetcampus.rollout.compare import LABELS
from planetcampus.rollout.models import STATUS_CHOICES
from planetcampus.rollout.summary import KINDS, CountSummary

# One colour per column, from "not started" (light) to "done" (dark green).
PALETTES = {
    "contracts": ["#1b7f5a", "#c9ced6"],
    "target_bandwidth": ["#1b7f5a", "#f0b429", "#c9ced6"],
    "worksites": ["#c9ced6", "#f0b429", "#4c8bd6", "#1b7f5a"],
}
LINE_COLOURS = ["#1b7f5a", "#4c8bd6", "#b5472f"]
FONT = 'font-family="sans-serif" font-size="12"'


def crous_bars(table: CountSummary, title: str) -> str:
    """Draw horizontal stacked bars, one per CROUS, with the percentage at the right end."""
    row_height, label_width, bar_width, top = 22, 190, 420, 58
    height = top + row_height * (len(table.lines) + 1) + 10
    width = label_width + bar_width + 70
    largest = max([line.total for line in table.lines] + [1])
    topic = KINDS[table.kind][0]
    colours = PALETTES[table.kind]

    parts = [_svg_open(width, height, title), _legend(table.columns, topic, colours, 30)]
    for index, line in enumerate(table.lines):
        y = top + index * row_height
        parts.append(f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end" {FONT}>{escape(line.crous.name)}</text>')
        x = label_width
        for key, colour in zip(table.columns, colours):
            value = line.counts.get(key, 0)
            segment = bar_width * value / largest
            if value:
                label = f"{line.crous.name}: {STATUS_CHOICES[topic](key).label} {value}"
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{segment:.1f}" height="{row_height - 6}" '
                             f'fill="{colour}"><title>{escape(label)}</title></rect>')
            x += segment
        shown = f"{line.percent} %" if line.percent is not None else str(line.total)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}" {FONT}>{escape(shown)}</text>')
    if not table.lines:
        parts.append(f'<text x="{label_width}" y="{top + 14}" {FONT}>{escape(_("No data on this date."))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def progress_lines(series, title: str) -> str:
    """Draw one line per headline percentage over the known dates, with each point's value."""
    width, height, left, right, top, bottom = 720, 320, 60, 70, 60, 50
    plot_width, plot_height = width - left - right, height - top - bottom
    parts = [_svg_open(width, height, title)]
    for step in range(0, 101, 25):
        y = top + plot_height * (1 - step / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e6ea"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{step} %</text>')
    if len(series) < 1:
        parts.append("</svg>")
        return "\n".join(parts)

    first, last = series[0][0].on, series[-1][0].on
    span = max((last - first).days, 1)

    def x_of(day):
        return left + (plot_width * (day - first).days / span if len(series) > 1 else plot_width / 2)

    for index, (point, _figures) in enumerate(series):
        x = x_of(point.on)
        # The first and last labels grow inwards so the plot edges do not clip them.
        anchor = "start" if index == 0 and len(series) > 1 else "end" if index == len(series) - 1 and len(series) > 1 else "middle"
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="{anchor}" {FONT}>'
                     f'{escape(_point_label(point))}</text>')
    for rank, ((indicator, label), colour) in enumerate(zip(LABELS.items(), LINE_COLOURS)):
        parts.append(_series_line(series, indicator, str(label), colour, x_of, top, plot_height, rank))
    parts.append(_line_legend(LINE_COLOURS, left))
    parts.append("</svg>")
    return "\n".join(parts)


def _series_line(series, indicator, label, colour, x_of, top, plot_height, rank):
    points = [(x_of(point.on), figures[indicator].percent) for point, figures in series
              if figures.get(indicator) and figures[indicator].percent is not None]
    if not points:
        return ""
    coordinates = " ".join(f"{x:.1f},{top + plot_height * (1 - value / 100):.1f}" for x, value in points)
    parts = [f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"><title>{escape(label)}</title></polyline>']
    for x, value in points:
        y = top + plot_height * (1 - value / 100)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        # Each series writes its values at its own height so close points stay readable.
        parts.append(f'<text x="{x + 7:.1f}" y="{y - 6 + 15 * rank:.1f}" {FONT} fill="{colour}">{value} %</text>')
    return "\n".join(parts)


def _point_label(point) -> str:
    return date_format(point.on, "YEAR_MONTH_FORMAT" if point.precision == "month" else "SHORT_DATE_FORMAT")


def _svg_open(width, height, title) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label={quoteattr(title)}><title>{escape(title)}</title>'
            f'<text x="10" y="20" font-family="sans-serif" font-size="15" font-weight="bold">{escape(title)}</text>')


def _legend(columns, topic, colours, y) -> str:
    parts, x = [], 10
    for key, colour in zip(columns, colours):
        label = str(STATUS_CHOICES[topic](key).label)
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 11}" {FONT}>{escape(label)}</text>')
        x += 30 + 7 * len(label)
    return "\n".join(parts)


def _line_legend(colours, left) -> str:
    parts, x = [], left
    for label, colour in zip(LABELS.values(), colours):
        parts.append(f'<rect x="{x}" y="32" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="43" {FONT}>{escape(str(label))}</text>')
        x += 40 + 7 * len(str(label))
    return "\n".join(parts)
