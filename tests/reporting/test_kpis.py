"""Monthly KPIs checked against figures computed by hand.

Every expected value below is written as the arithmetic that produces it,
so a failure shows which count or sum differs.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from planetcampus.core.clock import PARIS
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.kpis import crous_kpis, last_month_summary, month_kpis
from planetcampus.reporting.models import Incident, SlaContract
from planetcampus.reporting.periods import Month, business_seconds
from tests.reporting.conftest import grid, write_samples_csv

FEBRUARY_2020 = Month(2020, 2)
HOUR = 3600


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def leap_february_rows(code):
    """A full February 2020: 13,920 samples, one hour unreachable, evenings at 40 Mb/s."""
    low_evening = paris(2020, 2, 3, 20, 0).astimezone(UTC)          # a Monday evening
    high_latency = datetime(2020, 2, 15, 12, 0, tzinfo=UTC)
    outage = (paris(2020, 2, 20, 10, 0), paris(2020, 2, 20, 11, 0))  # a Thursday morning
    for moment in grid(FEBRUARY_2020.start, FEBRUARY_2020.end):
        if outage[0] <= moment < outage[1]:
            yield code, moment, False, None, None
            continue
        local_hour = moment.astimezone(PARIS).hour
        throughput = 40 if 19 <= local_hour < 23 else 100
        if moment == low_evening:
            throughput = 20
        yield code, moment, True, 25 if moment == high_latency else 10, throughput


@pytest.fixture
def leap_february(estate, tmp_path):
    residence = estate["lyon_a"]
    ingest_file(write_samples_csv(tmp_path / "feb.csv", leap_february_rows(residence.code)))
    Incident.objects.create(residence=residence, started_at=paris(2020, 2, 20, 10), ended_at=paris(2020, 2, 20, 11),
                            responsibility="operator", title="Site injoignable")
    return residence


def test_month_lengths_follow_the_calendar_and_dst():
    assert FEBRUARY_2020.seconds == 29 * 24 * HOUR
    assert Month(2020, 3).seconds == 743 * HOUR
    assert Month(2020, 10).seconds == 745 * HOUR
    assert Month(2021, 2).seconds == 28 * 24 * HOUR


def test_leap_february_counts_29_days(leap_february):
    kpis = month_kpis([leap_february], FEBRUARY_2020)[0]

    assert kpis.samples == 29 * 480
    assert kpis.expected_samples == 29 * 480
    assert kpis.unreachable_samples == 20
    assert kpis.availability_all_pct == pytest.approx(100 * (1 - HOUR / (696 * HOUR)))
    assert round(kpis.availability_all_pct, 2) == 99.86
    assert kpis.availability_operator_pct == pytest.approx(kpis.availability_all_pct)
    assert kpis.latency_max_ms == 25


def test_leap_february_throughput_figures(leap_february):
    kpis = month_kpis([leap_february], FEBRUARY_2020)[0]

    # 13,900 reachable samples: 29 evenings of 80 samples at 40 Mb/s (one at
    # 20), and the 11,580 other samples at 100 Mb/s.
    assert kpis.throughput_samples == 13_900
    assert kpis.throughput_min_mbps == 20
    assert kpis.throughput_mean_mbps == pytest.approx((2319 * 40 + 20 + 11_580 * 100) / 13_900)
    # Monday to Thursday evenings: 16 days of February 2020, 80 samples each.
    assert kpis.evening_samples == 16 * 80
    assert kpis.evening_min_mbps == 20
    assert kpis.evening_mean_mbps == pytest.approx((1279 * 40 + 20) / 1280)


def test_evening_days_follow_the_contract(leap_february):
    contract = SlaContract.objects.create(name="Every evening", evening_weekdays="1,2,3,4,5,6,7")
    contract.residences.add(leap_february)

    kpis = month_kpis([leap_february], FEBRUARY_2020)[0]

    assert kpis.evening_samples == 29 * 80
    assert kpis.evening_mean_mbps == pytest.approx((2319 * 40 + 20) / 2320)


def test_dst_week_keeps_evenings_on_paris_time(estate, tmp_path):
    residence = estate["lyon_b"]
    start, end = paris(2020, 10, 19), paris(2020, 10, 30)   # Monday to Friday 00:00, clocks go back on the 25th
    unreachable = datetime(2020, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 Paris, first pass of the repeated hour

    def rows():
        for moment in grid(start, end):
            if moment == unreachable:
                yield residence.code, moment, False, None, None
                continue
            evening = 19 <= moment.astimezone(PARIS).hour < 23
            yield residence.code, moment, True, 5, 10 if evening else 50

    ingest_file(write_samples_csv(tmp_path / "october.csv", rows()))
    kpis = month_kpis([residence], Month(2020, 10))[0]

    assert kpis.samples == 265 * 20                           # 11 days of 24 h plus the repeated hour
    assert kpis.expected_samples == 745 * 20
    assert kpis.evening_samples == 8 * 80                     # 19–22 and 26–29 October
    assert kpis.evening_min_mbps == 10
    assert kpis.evening_mean_mbps == 10
    assert kpis.throughput_mean_mbps == pytest.approx((11 * 80 * 10 + (5300 - 880 - 1) * 50) / 5299)
    assert kpis.availability_all_pct == pytest.approx(100 * (1 - 180 / (745 * HOUR)))


def test_missing_samples_are_not_downtime(estate, tmp_path):
    residence = estate["lyon_a"]
    hole = (paris(2020, 2, 5, 14), paris(2020, 2, 5, 15))
    rows = ((residence.code, moment, True, 8, 30) for moment in grid(paris(2020, 2, 1), paris(2020, 2, 11))
            if not hole[0] <= moment < hole[1])

    result = ingest_file(write_samples_csv(tmp_path / "partial.csv", rows))
    kpis = month_kpis([residence], FEBRUARY_2020)[0]

    assert result.gap_count == 1
    assert result.gaps[0]["missing"] == 20
    assert kpis.samples == 10 * 480 - 20
    assert kpis.coverage_pct == pytest.approx(100 * (10 * 480 - 20) / (29 * 480))
    assert kpis.availability_all_pct == 100
    assert kpis.availability_operator_pct == 100


def test_incident_spanning_two_months_splits_downtime(estate):
    residence = estate["lyon_a"]
    Incident.objects.create(residence=residence, started_at=paris(2020, 1, 31, 22), ended_at=paris(2020, 2, 1, 4),
                            responsibility="operator", title="Site injoignable")

    january = month_kpis([residence], Month(2020, 1))[0]
    february = month_kpis([residence], FEBRUARY_2020)[0]

    assert january.availability_operator_pct == pytest.approx(100 * (1 - 2 / 744))
    assert february.availability_operator_pct == pytest.approx(100 * (1 - 4 / 696))
    assert january.incidents_out_of_gtr == 1                  # 6 h > 4 h, counted in the month it started
    assert february.incidents_out_of_gtr == 0
    assert len(january.remarks) == 1
    assert february.remarks == january.remarks


def test_residence_without_evening_samples(estate, tmp_path):
    daytime, evening = estate["lyon_a"], estate["lyon_b"]

    def rows():
        for moment in grid(FEBRUARY_2020.start, FEBRUARY_2020.end):
            hour = moment.astimezone(PARIS).hour
            if 8 <= hour < 18:
                yield daytime.code, moment, True, 4, 60
            yield evening.code, moment, True, 30, 12 if 19 <= hour < 23 else 24

    ingest_file(write_samples_csv(tmp_path / "two.csv", rows()))
    rows_by_code = {kpis.residence.code: kpis for kpis in month_kpis([daytime, evening], FEBRUARY_2020)}
    crous = crous_kpis(list(rows_by_code.values()))[0]

    assert rows_by_code[daytime.code].evening_samples == 0
    assert rows_by_code[daytime.code].evening_min_mbps is None
    assert rows_by_code[daytime.code].evening_mean_mbps is None
    assert rows_by_code[daytime.code].throughput_mean_mbps == 60
    assert crous.residences == 2
    assert crous.evening_mean_mbps == 12                      # the mean over residences that have a figure
    assert crous.throughput_mean_mbps == pytest.approx((60 + (29 * 80 * 12 + 29 * 400 * 24) / (29 * 480)) / 2)
    assert crous.latency_max_ms == pytest.approx((4 + 30) / 2)


def test_other_party_incident_spares_operator_availability(estate):
    residence = estate["lyon_a"]
    Incident.objects.create(residence=residence, started_at=paris(2020, 2, 10, 8), ended_at=paris(2020, 2, 10, 10),
                            responsibility="electricity", title="Coupure électrique")
    Incident.objects.create(residence=residence, started_at=paris(2020, 2, 12, 8), ended_at=paris(2020, 2, 12, 9),
                            responsibility="operator", planned=True, title="Travaux annoncés")

    kpis = month_kpis([residence], FEBRUARY_2020)[0]

    assert kpis.availability_operator_pct == 100
    assert kpis.availability_all_pct == pytest.approx(100 * (1 - 3 / 696))
    assert kpis.incidents_out_of_gtr == 0


def test_unexplained_outage_counts_against_operator(estate, tmp_path):
    residence = estate["lyon_a"]
    outage = (paris(2020, 2, 10, 8), paris(2020, 2, 10, 8, 30))
    rows = ((residence.code, moment, not outage[0] <= moment < outage[1], 5, 50)
            for moment in grid(FEBRUARY_2020.start, FEBRUARY_2020.end))
    ingest_file(write_samples_csv(tmp_path / "outage.csv", rows))
    Incident.objects.create(residence=residence, started_at=paris(2020, 2, 10, 8, 15), ended_at=paris(2020, 2, 10, 9),
                            responsibility="crous", title="Local technique fermé")

    kpis = month_kpis([residence], FEBRUARY_2020)[0]

    # Probes saw 08:00–08:30 down; the CROUS incident explains 08:15–09:00.
    assert kpis.downtime_operator_seconds == 15 * 60
    assert kpis.downtime_all_seconds == 60 * 60


def test_business_hours_gtr_skips_nights_and_weekends(estate):
    residence = estate["lyon_a"]
    incident = Incident.objects.create(residence=residence, started_at=paris(2020, 2, 7, 17),
                                       ended_at=paris(2020, 2, 10, 10), responsibility="operator", title="Panne")
    business = SlaContract.objects.create(name="GTR 4 h HO", gtr_hours=4, gtr_clock="business")
    business.residences.add(residence)

    assert business_seconds(incident.started_at, incident.ended_at) == 3 * HOUR
    assert month_kpis([residence], FEBRUARY_2020)[0].incidents_out_of_gtr == 0
    business.residences.remove(residence)
    assert month_kpis([residence], FEBRUARY_2020)[0].incidents_out_of_gtr == 1


def test_business_hours_skip_public_holidays():
    # Easter Monday 2020 is 13 April; the incident runs from Friday 10 April 17:00 to Tuesday 09:00.
    assert business_seconds(paris(2020, 4, 10, 17), paris(2020, 4, 14, 9)) == 2 * HOUR


def test_last_month_summary_gives_previous_month(leap_february):
    with time_machine.travel(datetime(2020, 3, 10, 12, tzinfo=UTC), tick=False):
        summary = last_month_summary(leap_february)

    assert summary["month"] == "2020-02"
    assert round(summary["availability_operator_pct"], 2) == 99.86
    assert summary["evening_samples"] == 1280
    assert summary["backhaul"] == "fibre"
    assert summary["remarks"][0].startswith("Le 20/02/20 / responsabilité PlanetCampus / Site injoignable")
    assert summary["incidents"][0]["responsibility"] == "operator"


def test_last_month_summary_without_data_is_none(estate):
    with time_machine.travel(datetime(2020, 3, 10, 12, tzinfo=UTC), tick=False):
        assert last_month_summary(estate["lyon_b"]) is None


def test_open_incident_counts_until_now(estate):
    residence = estate["lyon_a"]
    Incident.objects.create(residence=residence, started_at=paris(2020, 2, 28, 12), responsibility="operator",
                            title="Site injoignable")

    with time_machine.travel(paris(2020, 2, 28, 18), tick=False):
        kpis = month_kpis([residence], FEBRUARY_2020)[0]

    assert kpis.downtime_operator_seconds == 6 * HOUR
    assert kpis.incidents_out_of_gtr == 1
    assert "ongoing" in kpis.remarks[0] or "en cours" in kpis.remarks[0]


def test_kpis_stay_exact_after_a_second_overlapping_ingest(leap_february, tmp_path):
    again = write_samples_csv(tmp_path / "again.csv", leap_february_rows(leap_february.code))
    result = ingest_file(again)

    assert result.added == 0
    assert result.duplicates == 29 * 480
    assert month_kpis([leap_february], FEBRUARY_2020)[0].samples == 29 * 480


def test_unknown_month_text_is_rejected():
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse("2020-13")
    assert Month.parse("2020-02") == FEBRUARY_2020
    assert str(FEBRUARY_2020.previous()) == "2020-01"
    assert FEBRUARY_2020.start == datetime(2020, 1, 31, 23, tzinfo=UTC)
    assert FEBRUARY_2020.end - FEBRUARY_2020.start == timedelta(hours=696)
