"""The monthly table in the CROUS dashboard layout: a CROUS row, then its residences with their remarks.

Residence figures are rounded as in the CROUS monthly tables (availability
to 2 decimals, latency to the millisecond, throughput to 0.1 Mb/s, trailing
zeros dropped: "100", "99,86", "4", "5,1"); CROUS rows keep 2 decimals.
"""

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planetcampus.estate.naming import normalise_crous_name
from planetcampus.reporting.kpis import CrousKpis, ResidenceKpis, crous_kpis

# (attribute, header, decimals on residence rows)
FIGURES = [
    ("availability_operator_pct", gettext_lazy("Avail. (operator resp.) (%)"), 2),
    ("availability_all_pct", gettext_lazy("Avail. (all resp.) (%)"), 2),
    ("latency_max_ms", gettext_lazy("Max latency (ms)"), 0),
    ("throughput_min_mbps", gettext_lazy("Min throughput (Mb/s)"), 1),
    ("throughput_mean_mbps", gettext_lazy("Mean throughput (Mb/s)"), 1),
    ("evening_min_mbps", gettext_lazy("Min throughput 7-11 pm (Mb/s)"), 1),
    ("evening_mean_mbps", gettext_lazy("Mean throughput 7-11 pm (Mb/s)"), 1),
]


def headers(first: str) -> list[str]:
    return [first] + [str(label) for _attribute, label, _decimals in FIGURES] + [
        _("Out of GTR"), _("Backhaul"), _("Remarks")]


def format_number(value, decimals: int, *, fixed: bool = False, separator: str | None = None) -> str:
    """Format for people: locale decimal separator; trailing zeros dropped unless `fixed`."""
    if value is None:
        return "—"
    text = f"{round(float(value), decimals):.{decimals}f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", separator or get_format("DECIMAL_SEPARATOR"))


@dataclass
class Line:
    """One row of the table: its label, raw figures, formatted cells and colour classes."""

    label: str
    values: dict
    cells: list
    classes: list
    backhaul: str = ""
    remarks: list = field(default_factory=list)
    kpis: object = None

    @property
    def cells_with_classes(self):
        return list(zip(self.cells, self.classes + [""] * (len(self.cells) - len(self.classes))))


@dataclass
class Section:
    crous_line: Line
    crous_kpis: CrousKpis
    lines: list


def _thresholds(contract) -> tuple[float, float, float, float]:
    """Return the contract's colour thresholds as floats, computed once per contract object."""
    cached = getattr(contract, "_colour_thresholds", None)
    if cached is None:
        cached = (float(contract.availability_target_pct), float(contract.availability_warning_pct),
                  float(contract.evening_throughput_target_mbps), float(contract.latency_target_ms))
        contract._colour_thresholds = cached
    return cached


def _classes(kpis, contract) -> list[str]:
    if contract is None:
        return [""] * len(FIGURES)
    target, warning, evening_target, latency_target = _thresholds(contract)

    def availability(value):
        if value is None:
            return ""
        if value >= target:
            return "cell-ok"
        return "cell-warn" if value >= warning else "cell-bad"

    def evening(value):
        if value is None:
            return ""
        return "cell-ok" if value >= evening_target else "cell-bad"

    latency = kpis.latency_max_ms
    latency_class = ""
    if latency is not None:
        latency_class = "cell-ok" if latency <= latency_target else "cell-warn"
    return [availability(kpis.availability_operator_pct), availability(kpis.availability_all_pct), latency_class,
            "", "", evening(kpis.evening_min_mbps), evening(kpis.evening_mean_mbps)]


def residence_line(kpis: ResidenceKpis, separator: str = ",", backhaul_labels: dict | None = None) -> Line:
    residence = kpis.residence
    values = {attribute: getattr(kpis, attribute) for attribute, _label, _decimals in FIGURES}
    values["incidents_out_of_gtr"] = kpis.incidents_out_of_gtr
    cells = [format_number(values[attribute], decimals, separator=separator) for attribute, _label, decimals in FIGURES]
    return Line(label=residence.name, values=values, cells=cells + [str(kpis.incidents_out_of_gtr)],
                classes=_classes(kpis, kpis.contract), backhaul=(backhaul_labels or _backhaul_labels()).get(residence.backhaul, residence.backhaul),
                remarks=list(kpis.remarks), kpis=kpis)


def crous_line(row: CrousKpis, separator: str = ",") -> Line:
    values = {attribute: getattr(row, attribute) for attribute, _label, _decimals in FIGURES}
    values["incidents_out_of_gtr"] = row.incidents_out_of_gtr
    cells = [format_number(values[attribute], 2, fixed=True, separator=separator) for attribute, _label, _decimals in FIGURES]
    label = f"CROUS {normalise_crous_name(row.crous.name)}"
    return Line(label=label, values=values, cells=cells + [str(row.incidents_out_of_gtr)],
                classes=[""] * len(FIGURES), kpis=row)


def _backhaul_labels() -> dict:
    from planetcampus.estate.models import Residence

    return {"": ""} | {value: capfirst(str(label)) for value, label in Residence.Backhaul.choices}


def build_sections(residence_kpis: list[ResidenceKpis]) -> list[Section]:
    """Group residence rows under their CROUS row, residences in name order."""
    sections, separator, labels = [], get_format("DECIMAL_SEPARATOR"), _backhaul_labels()
    for row in crous_kpis(residence_kpis):
        members = sorted((k for k in residence_kpis if k.residence.crous_id == row.crous.pk),
                         key=lambda k: k.residence.name.lower())
        sections.append(Section(crous_line(row, separator), row, [residence_line(k, separator, labels) for k in members]))
    return sections
