"""Demo of the switch-over: a few BFC residences at each stage, and the worker beside the web server.

The rollout tables of the steering committee only give counts per CROUS,
so the dated per-residence history that eligibility needs is written here,
relative to today. One residence switched last month, one is selected for
the next 1st, one becomes compatible after the 10th, one is on hold and one
still waits for its worksite. Loading twice changes nothing.
"""

import sys
from datetime import timedelta

from planetcampus.access.models import Resident
from planetcampus.accounts.models import User
from planetcampus.core.clock import local_today
from planetcampus.estate.models import Crous, Nas, Residence
from planetcampus.messaging.outbox import cancel
from planetcampus.rollout.models import ResidenceStatusChange
from planetcampus.rollout.services import record_change
from planetcampus.switchover import calendar, checklist, selection
from planetcampus.switchover.models import Hold, Notice

SOURCE = "demo: switch-over"
PHONES = ["06 12 34 56 78", "+33 7 52 34 56 78", "0049 151 23456789"]


def _compatible(residence, on, worksite="delivered"):
    record_change(residence, "contract", "planetcampus", on - timedelta(days=60), source=SOURCE)
    record_change(residence, "target_bandwidth", "not_needed", on - timedelta(days=30), source=SOURCE)
    record_change(residence, "worksite", worksite, on, source=SOURCE)


def _residents(residence):
    if residence.residents.exists():
        return
    for index, (phone, language) in enumerate(zip(PHONES, ["fr", "en", "de"])):
        Resident.objects.create(residence=residence, last_name=f"Résident{index + 1}", first_name="Démo",
                                phone=phone, language=language, external_id=f"demo-switchover-{index + 1}")


def _switched_last_month(residence, operator):
    last_first = calendar.month_start(local_today())
    _compatible(residence, calendar.add_months(last_first, -2))
    if not residence.nas_devices.exists():
        Nas.objects.create(residence=residence, identifier=f"demo-{residence.code}-gw",
                           ip_address="127.0.10.1", vendor="hostapd", secret_ref=f"demo-{residence.code}-gw")
    wave = selection.select_wave(last_first, actor=operator)
    # That wave is history: its list to the CROUS is not mailed today.
    for notice in Notice.objects.filter(wave=wave, message__isnull=False):
        cancel(notice.message, reason="demo history")
    for kind in checklist.ORDER:
        checklist.do_step(residence, kind, actor=operator, note="demo")
    # The demo pretends the switch happened on the wave's day, not today.
    Residence.objects.filter(pk=residence.pk).update(switched_over_on=last_first)


def load(stdout):
    bfc = Crous.objects.filter(code="bfc").first()
    operator = User.objects.filter(is_superuser=True).order_by("pk").first()
    residences = list(Residence.objects.filter(crous=bfc, offer=Residence.Offer.SMARTCAMPUS).order_by("name")[:5]) \
        if bfc else []
    if len(residences) < 5 or ResidenceStatusChange.objects.filter(source=SOURCE).exists():
        return
    switched, selected, late, held, waiting = residences
    today = local_today()

    _switched_last_month(switched, operator)
    _compatible(selected, today - timedelta(days=20))
    _compatible(late, today + timedelta(days=2) if today.day >= calendar.SELECTION_DAY else
                today.replace(day=calendar.SELECTION_DAY + 1))
    _compatible(held, today - timedelta(days=40))
    _compatible(waiting, today - timedelta(days=10), worksite="works")
    for residence in (switched, selected, late):
        _residents(residence)
    if not Hold.objects.filter(residence=held).exists():
        selection.hold(held, reason="Travaux de câblage dans le bâtiment B", actor=operator)
    stdout.write(f"Switch-over demo: {switched.name} switched, {selected.name} next, {held.name} on hold.")


def processes():
    return [("worker", [sys.executable, "-m", "planetcampus", "worker"])]
