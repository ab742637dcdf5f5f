import io
from datetime import date, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from planetcampus.core.clock import PARIS

pytestmark = pytest.mark.django_db


def plan(*args):
    out = io.StringIO()
    call_command("switchover", "plan", *args, stdout=out)
    return out.getvalue()


def test_plan_lists_switching_and_blocked(make_residence):
    make_residence("cli-a", compatible_on=date(2027, 3, 2))
    make_residence("cli-b")
    with time_machine.travel(datetime(2027, 3, 5, 12, 0, tzinfo=PARIS), tick=False):
        output = plan("--month", "2027-04", "--language", "en")

    switching, others = output.split("Not switching")
    assert "cli-a" in switching
    assert "cli-b" in others
    assert "PlanetCampus contract not received" in others


def test_plan_as_csv(make_residence):
    make_residence("cli-c", compatible_on=date(2027, 3, 2))
    with time_machine.travel(datetime(2027, 3, 5, 12, 0, tzinfo=PARIS), tick=False):
        output = plan("--month", "2027-04", "--format", "csv")

    lines = output.strip().splitlines()
    assert lines[0] == "crous;code;residence;standing;switch_on;blocking"
    assert any(line.split(";")[1] == "cli-c" and line.split(";")[4] == "2027-04-01" for line in lines[1:])


def test_plan_rejects_bad_month():
    with pytest.raises(CommandError, match="2027-4x"):
        plan("--month", "2027-4x")
