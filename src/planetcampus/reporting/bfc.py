"""The Bourgogne-Franche-Comté table of February 2020 and probe samples shaped to reproduce it.

The figures are those of the CROUS BFC monthly dashboard presented to the
national steering committee in September 2020. `february_samples` builds
a month of 3-minute samples per residence whose KPIs equal these figures
wherever one set of samples can produce them. Two cells cannot:

- Agora-Planoise shows a minimum throughput (5.1) above both its mean (4.6)
  and its evening minimum (1.4), which no sample set gives; its minimum
  comes out at 1.4.
- Pavillon Bossuet shows 100 % under the operator's responsibility although
  its one incident, a 1-hour outage, is written as the operator's; our rule
  counts it, so both availabilities are 99.86 %.
"""

import math
import random
from datetime import datetime, timedelta

from planetcampus.core.clock import PARIS
from planetcampus.reporting.periods import Month

MONTH = Month(2020, 2)
STEP = timedelta(minutes=3)

# code: (name, backhaul, max latency, min, mean, evening min, evening mean)
TABLE = {
    "bfc-agora-planoise": ("Agora-Planoise", "ADSL", 47, 5.1, 4.6, 1.4, 4.1),
    "bfc-antide-janvier": ("Antide Janvier", "Fibre", 12, 5.2, 48.6, 5.8, 29.4),
    "bfc-braudel": ("Braudel", "ADSL", 48, 14.8, 20, 14.8, 19.2),
    "bfc-canot": ("Canot", "Fibre", 12, 8.9, 125.6, 8.9, 85.1),
    "bfc-cite-beaune": ("Cité Beaune", "Fibre", 4, 16, 239.7, 16, 164.9),
    "bfc-cite-alternance": ("Cité de l'alternance", "Fibre", 4, 6.4, 90.7, 6.4, 65),
    "bfc-colette-gascar": ("Colette - Gascar", "Fibre", 12, 15.5, 289.1, 15.5, 184.7),
    "bfc-colette-gigoux": ("Colette - Gigoux", "Fibre", 12, 31.9, 407.5, 31.9, 276.2),
    "bfc-colette-stendhal": ("Colette - Stendhal", "Fibre", 12, 13.1, 152, 13.1, 94.4),
    "bfc-duvillard": ("Duvillard", "Fibre", 14, 11, 155.7, 11, 82.2),
    "bfc-hericourt": ("Hericourt", "ADSL", 45, 10, 13.3, 10, 13.1),
    "bfc-jean-moulin": ("Jean Moulin", "ADSL", 63, 6.6, 6.6, 6.6, 6.6),
    "bfc-jean-zay-dijon": ("Jean Zay - Dijon", "Fibre", 4, 15.1, 127.6, 15.1, 98.2),
    "bfc-jemmapes": ("Jemmapes", "ADSL", 42, 11.8, 13.3, 12.1, 13.3),
    "bfc-megevand": ("Megevand", "ADSL", 48, 3.2, 12.6, 3.2, 11.5),
    "bfc-pavillon-antipodes": ("Pavillon antipodes", "Fibre", 4, 15.2, 275.7, 15.2, 183.4),
    "bfc-pavillon-autun": ("Pavillon Autun", "Fibre", 31, 13.7, 140.4, 13.7, 104.9),
    "bfc-pavillon-auxerre": ("Pavillon Auxerre", "Fibre", 31, 8.8, 131.3, 13.9, 98.7),
    "bfc-pavillon-bossuet": ("Pavillon Bossuet", "Fibre", 4, 8, 59.7, 8, 31),
    "bfc-pavillon-buffon": ("Pavillon Buffon", "Fibre", 4, 6.2, 97.6, 6.2, 70.7),
    "bfc-pavillon-chalon": ("Pavillon Chalon", "Fibre", 31, 11.5, 137.2, 11.5, 100.1),
    "bfc-pavillon-de-broches": ("Pavillon de Broches", "Fibre", 4, 7.4, 77.6, 7.4, 53.9),
    "bfc-pavillon-lamartine": ("Pavillon Lamartine", "Fibre", 4, 9.7, 67.8, 9.7, 41.9),
}

# The one incident of the table, as written in its remark.
BOSSUET_OUTAGE = (datetime(2020, 2, 20, 10, tzinfo=PARIS), datetime(2020, 2, 20, 11, tzinfo=PARIS))
BOSSUET_INCIDENT = {
    "started_at": BOSSUET_OUTAGE[0], "ended_at": BOSSUET_OUTAGE[1], "responsibility": "operator",
    "title": "Site injoignable", "description": "Site injoignable",
    "diagnosis": "aucun équipement n'est joignable sur le site", "perimeter": "l'ensemble du site.",
    "impact": "coupure du service", "site_informed": False,
    "outcome": "Le service est rétabli sur le site Pavillon Bossuet suite à la prise en charge de l'incident par nos équipes.",
}


def _grid():
    moment = MONTH.start
    while moment < MONTH.end:
        yield moment
        moment += STEP


def _is_evening(moment: datetime, weekdays=(1, 2, 3, 4)) -> bool:
    local = moment.astimezone(PARIS)
    return 19 <= local.hour < 23 and local.isoweekday() in weekdays


def _scaled(shape: list[float], minimum: float, mean: float) -> list[float]:
    """Map a shape affinely so that its minimum and mean become the targets exactly."""
    if not shape:
        return []
    low, average = min(shape), sum(shape) / len(shape)
    if mean <= minimum or average == low:
        return [mean] * len(shape)
    values = [minimum + (mean - minimum) * (value - low) / (average - low) for value in shape]
    values[shape.index(low)] = minimum
    return values


def february_samples(code: str):
    """Yield (instant UTC, reachable, latency ms, throughput Mb/s) for one residence of the table."""
    _name, _backhaul, latency_max, minimum, mean, evening_min, evening_mean = TABLE[code]
    generator = random.Random(code)
    moments = list(_grid())
    down = set()
    if code == "bfc-pavillon-bossuet":
        down = {m for m in moments if BOSSUET_OUTAGE[0] <= m < BOSSUET_OUTAGE[1]}
    up = [m for m in moments if m not in down]

    # A daily curve dipping in the evening, plus noise: the shape of real probes.
    def shape(moment):
        hour = moment.astimezone(PARIS).hour + moment.minute / 60
        return 1.2 + math.cos(2 * math.pi * (hour - 5) / 24) + 0.4 * generator.random()

    evening = [m for m in up if _is_evening(m)]
    other = [m for m in up if not _is_evening(m)]
    other_mean = (mean * len(up) - evening_mean * len(evening)) / len(other)
    other_min = min(minimum, other_mean)
    throughput = dict(zip(evening, _scaled([shape(m) for m in evening], evening_min, evening_mean)))
    throughput.update(zip(other, _scaled([shape(m) for m in other], other_min, other_mean)))

    peak = up[generator.randrange(len(up))]
    for moment in moments:
        if moment in down:
            yield moment, False, None, None
            continue
        latency = latency_max if moment == peak else latency_max * (0.3 + 0.5 * generator.random())
        yield moment, True, latency, throughput[moment]
