"""The consumption chart, drawn on the server as inline SVG.

No script and no chart library: a captive mini-browser or an old phone
shows it as it is, and the figures sit in data- attributes and in a table
beside the chart for screen readers and tests.
"""

import math
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from planetcampus.selfcare.usage import Consumption

# Okabe-Ito colours, which colour-blind readers can distinguish.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7A6A00", "#000000"]
# A narrow drawing with large type: scaled down to a 330-pixel phone screen,
# 18 units of text still read as about 12 pixels.
WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 88, 6, 14, 34
FONT_SIZE = 18
MAX_X_LABELS = 4


def format_octets(octets: int) -> str:
    """Write a volume in decimal units (1 GB = 10**9 octets), as operators bill it."""
    units = [(10**12, _("%(value)s TB")), (10**9, _("%(value)s GB")), (10**6, _("%(value)s MB")), (10**3, _("%(value)s kB"))]
    for size, pattern in units:
        if octets >= size:
            # number_format cuts extra decimals without rounding, so round first.
            places = 0 if octets >= 100 * size else 1
            return pattern % {"value": number_format(round(octets / size, places), decimal_pos=places)}
    return _("%(value)s B") % {"value": number_format(octets)}


def colour_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass
class Scale:
    top: int
    step: int

    @classmethod
    def for_maximum(cls, maximum: int) -> "Scale":
        """Choose a 1-2-5 step so the axis has at most five lines above zero."""
        if maximum <= 0:
            return cls(top=10**6, step=2 * 10**5)
        raw = maximum / 5
        power = 10 ** math.floor(math.log10(raw))
        step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
        return cls(top=step * math.ceil(maximum / step), step=step)


def render(consumption: Consumption) -> str:
    """Return the chart as an <svg> element: stacked daily bars, one colour per device."""
    days = consumption.days
    scale = Scale.for_maximum(max((consumption.day_total(day) for day in days), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(days)
    bar = max(slot * 0.8, 1)

    def y_of(octets):
        return TOP + plot_height - plot_height * octets / scale.top

    parts = [_grid(scale, y_of)]
    for index, day in enumerate(days):
        parts.append(_day_bars(consumption, day, LEFT + index * slot + (slot - bar) / 2, bar, y_of))
    parts.append(_x_labels(days, slot))
    title = _("Consumption from %(start)s to %(end)s: %(total)s in all") % {
        "start": date_format(consumption.start, "SHORT_DATE_FORMAT"),
        "end": date_format(consumption.end, "SHORT_DATE_FORMAT"),
        "total": format_octets(consumption.total),
    }
    return format_html(
        '<svg class="usage-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-labelledby="usage-chart-title" data-total="{}" font-size="{}" '
        'font-family="system-ui, sans-serif"><title id="usage-chart-title">{}</title>{}</svg>',
        WIDTH, HEIGHT, consumption.total, FONT_SIZE, title, mark_safe("".join(parts)),
    )


def _grid(scale: Scale, y_of) -> str:
    lines = []
    for value in range(0, scale.top + 1, scale.step):
        y = round(y_of(value), 1)
        lines.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d7de"/>'
            '<text x="{}" y="{}" text-anchor="end" fill="#4a5360">{}</text>',
            LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + FONT_SIZE / 3, format_octets(value)))
    return "".join(lines)


def _day_bars(consumption: Consumption, day, x, width, y_of) -> str:
    total = consumption.day_total(day)
    rects, base = [], 0
    for index, device in enumerate(consumption.devices):
        octets = device.by_day.get(day, 0)
        if not octets:
            continue
        top, bottom = y_of(base + octets), y_of(base)
        label = _("%(device)s on %(day)s: %(volume)s") % {
            "device": device.label, "day": date_format(day, "SHORT_DATE_FORMAT"), "volume": format_octets(octets)}
        rects.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" data-device="{}" data-octets="{}">'
            '<title>{}</title></rect>',
            round(x, 2), round(top, 2), round(width, 2), round(max(bottom - top, 0.5), 2),
            colour_for(index), device.device_id, octets, label))
        base += octets
    return format_html('<g class="day" data-day="{}" data-total="{}">{}</g>', day.isoformat(), total,
                       mark_safe("".join(rects)))


def _x_labels(days, slot) -> str:
    every = max(1, math.ceil(len(days) / MAX_X_LABELS))
    return format_html_join("", '<text x="{}" y="{}" text-anchor="middle" fill="#4a5360">{}</text>', (
        (round(LEFT + index * slot + slot / 2, 1), HEIGHT - 8, date_format(day, "d/m"))
        for index, day in enumerate(days) if index % every == 0
    ))
