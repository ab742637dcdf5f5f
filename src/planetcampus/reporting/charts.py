"""Server-side SVG time-series charts of one residence's month (no JavaScript, no CDN)."""

from dataclasses import dataclass
from datetime import datetime
from html import escape

from planetcampus.reporting import store
from planetcampus.reporting.periods import Month

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 720, 180, 48, 24, 12, 8


@dataclass
class Series:
    hours: list        # Paris wall-clock hours
    throughput_mean: list
    throughput_min: list
    latency_max: list
    reachable_share: list


def hourly_series(residence_id: int, month: Month) -> Series:
    """Aggregate a residence's samples by Paris hour: mean and min throughput, max latency, share reachable."""
    series = Series([], [], [], [], [])
    files = store.month_files(month)
    if not files:
        return series
    connection = store.connect(parse_text_timestamps=False)
    rows = connection.execute(f"""
        SELECT date_trunc('hour', local_ts) AS hour, avg(throughput_mbps), min(throughput_mbps), max(latency_ms),
               avg(CASE WHEN reachable THEN 1.0 ELSE 0.0 END)
        FROM {store.parquet_source(files)} WHERE residence_id = ? GROUP BY hour ORDER BY hour""",
                              [residence_id]).fetchall()
    connection.close()
    for hour, mean, minimum, latency, share in rows:
        series.hours.append(hour)
        series.throughput_mean.append(mean)
        series.throughput_min.append(minimum)
        series.latency_max.append(latency)
        series.reachable_share.append(share)
    return series


def line_chart(month: Month, hours: list, lines: list[tuple[str, str, list]], *, title: str, unit: str) -> str:
    """Draw lines [(label, colour, values)] over the month as an accessible SVG string."""
    values = [v for _label, _colour, series in lines for v in series if v is not None]
    top = max(values) * 1.1 if values and max(values) > 0 else 1.0
    first = datetime(month.year, month.month, 1)
    span = (datetime(month.next().year, month.next().month, 1) - first).total_seconds()
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(hour):
        return LEFT + plot_width * (hour - first).total_seconds() / span

    def y(value):
        return TOP + plot_height * (1 - value / top)

    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
              f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'),
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{plot_height}" fill="#fff" stroke="#d0d7de"/>']
    for fraction in (0, 0.5, 1):
        level = top / 1.1 * fraction
        parts.append(f'<text x="{LEFT - 4}" y="{y(level) + 4:.1f}" font-size="10" text-anchor="end">{level:.0f}</text>')
    for day in range(1, 32, 7):
        if day <= len(list(month.days())):
            position = x(datetime(month.year, month.month, day))
            parts.append(f'<text x="{position:.1f}" y="{HEIGHT - 6}" font-size="10" text-anchor="middle">{day:02d}/{month.month:02d}</text>')
    for index, (label, colour, series) in enumerate(lines):
        segments, current = [], []
        for hour, value in zip(hours, series):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(f"{x(hour):.1f},{y(value):.1f}")
        if current:
            segments.append(current)
        for points in segments:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1" points="{" ".join(points)}"/>')
        parts.append(f'<text x="{LEFT + 8 + index * 170}" y="{TOP + 12}" font-size="11" fill="{colour}">{escape(label)} ({escape(unit)})</text>')
    parts.append("</svg>")
    return "".join(parts)
