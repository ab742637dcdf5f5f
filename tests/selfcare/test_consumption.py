"""The consumption chart against sums computed by hand from accounting packets."""

import re
from datetime import date, datetime

import time_machine

from planetcampus.core.clock import PARIS

GIB = 2**32


def _at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def _account(known, status, session_id, at, klass, mac, **counters):
    from planetcampus.aaa.accounting import record_packet

    packet = {"Acct-Status-Type": status, "Acct-Session-Id": session_id, "Acct-Unique-Session-Id": f"u-{session_id}",
              "User-Name": mac.replace(":", ""), "Calling-Station-Id": mac.replace(":", "-").upper(),
              "Called-Station-Id": "02-00-00-00-00-01:PlanetCampus-Prive", "Class": klass,
              **{name: str(value) for name, value in counters.items()}}
    with time_machine.travel(at, tick=False):
        record_packet(known, packet, received_at=at)


def _chart_days(html):
    return {day: int(total) for day, total in re.findall(r'<g class="day" data-day="([0-9-]+)" data-total="(\d+)"', html)}


def test_chart_equals_accounting_sums(client, resident):
    from planetcampus.aaa.nas_cache import clear, nas_for_address
    from planetcampus.selfcare import services
    from planetcampus.selfcare.chart import format_octets

    with time_machine.travel(_at(1, 9), tick=False):
        services.subscribe(resident)
    clear()
    known = nas_for_address("127.0.0.1")
    klass = f"pc:{resident.pk}:0123456789abcdef"
    laptop, phone = "3c:22:fb:12:34:56", "0e:23:45:6a:02:0e"

    # Session 1 crosses midnight: 23:30 to 00:30 is 1800 s on each day.
    _account(known, "Start", "S1", _at(3, 23, 30), klass, laptop)
    _account(known, "Interim-Update", "S1", _at(4, 0, 30), klass, laptop,
             **{"Acct-Input-Octets": 1_000_000, "Acct-Output-Octets": 3_000_000, "Acct-Session-Time": 3600})
    _account(known, "Stop", "S1", _at(4, 1, 0), klass, laptop,
             **{"Acct-Input-Octets": 1_500_000, "Acct-Output-Octets": 4_000_000, "Acct-Session-Time": 5400})
    # Session 2 sends 4 GiB and more: the counter wrapped once (Gigawords = 1).
    _account(known, "Start", "S2", _at(5, 10), klass, phone)
    _account(known, "Stop", "S2", _at(5, 12), klass, phone,
             **{"Acct-Input-Octets": 200_000_000, "Acct-Output-Octets": 500_000_000,
                "Acct-Output-Gigawords": 1, "Acct-Session-Time": 7200})

    expected = {
        "2026-11-03": (1_000_000 + 3_000_000) // 2,
        "2026-11-04": (1_000_000 + 3_000_000) // 2 + 500_000 + 1_000_000,
        "2026-11-05": 200_000_000 + GIB + 500_000_000,
    }
    with time_machine.travel(_at(12, 10), tick=False):
        client.force_login(resident)
        html = client.get("/fr/selfcare/wifi/").content.decode()

    days = {day: total for day, total in _chart_days(html).items() if total}
    assert days == expected
    total = sum(expected.values())
    assert f'data-total="{total}"' in html
    assert format_octets(total) in html
    assert date(2026, 11, 1).strftime("%d/%m/%Y") in html  # the period starts on the subscription day


def test_format_octets_uses_decimal_units():
    from django.utils import translation

    from planetcampus.selfcare.chart import format_octets

    with translation.override("en"):
        assert format_octets(4_794_967_296) == "4.8 GB"
        assert format_octets(999) == "999 B"
    with translation.override("fr"):
        assert format_octets(1_500_000) == "1,5 Mo"
