"""Demo data of the center for the demo manager's residences (the first three of CROUS BFC).

Residents come from a small bundled housing export, imported through the
real importer with the current academic year's dates. Each residence also
gets a batch of visitor codes with one revoked, and the operator publishes
onboarding slots, one of them booked.
"""

import csv
from datetime import date, datetime, time, timedelta

from django.conf import settings

from planetcampus.access.models import CodeBatch
from planetcampus.accounts.models import StaffRole, User
from planetcampus.center.models import OnboardingBooking, OnboardingSlot
from planetcampus.center.services import onboarding
from planetcampus.center.services.housing_import import HousingExportImporter
from planetcampus.center.services.visitor_codes import (
    VisitorTerms,
    create_visitor_codes,
    revoke_code,
)
from planetcampus.core.clock import PARIS, local_today, now

RESIDENTS = settings.PACKAGE_DIR / "center" / "data" / "demo-residents.csv"
MANAGER_EMAIL = "gestionnaire@demo.crous-bfc.fr"
OPERATOR_EMAIL = "operateur@demo.planetcampus.fr"
DEMO_NOTE = "Démo : colloque"


def load(stdout):
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    operator = User.objects.filter(email=OPERATOR_EMAIL).first()
    role = StaffRole.objects.filter(user=manager, role=StaffRole.Role.MANAGER).first() if manager else None
    if role is None or operator is None:
        stdout.write("Center: the demo manager or operator is missing, no center demo data made.")
        return
    residences = list(role.residences.order_by("name"))
    for residence in residences:
        report = _import_residents(residence, manager)
        _visitor_codes(residence, manager)
        stdout.write(f"Center ({residence.name}): {report.created} new residents, {report.unchanged} unchanged.")
    slots = _slots(operator)
    if residences and slots:
        _booking(manager, residences[0], slots[0])
    stdout.write(f"  manager center  {settings.PUBLIC_BASE_URL}/fr/center/ (sign in as {MANAGER_EMAIL})")


def _academic_year() -> tuple[date, date]:
    today = local_today()
    start_year = today.year if today.month >= 8 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 6, 30)


def _import_residents(residence, manager):
    """Import the bundled export into one residence, with ids and addresses of that residence.

    Ids derive from the residence, so loading the demo again finds the same residents.
    """
    arrival, departure = _academic_year()
    rows = list(csv.DictReader(RESIDENTS.open(encoding="utf-8"), delimiter=";"))
    lines = ["Identifiant;Nom;Prénom;Logement;Date d'arrivée;Date de départ;Téléphone;Email;Langue"]
    for index, row in enumerate(rows, start=1):
        # The last resident left at the end of last month, to show a departure.
        leaves = departure if index < len(rows) else local_today().replace(day=1) - timedelta(days=1)
        email = row["Email"].replace("@", f"+{residence.code}@") if row["Email"] else ""
        lines.append(";".join([f"DEMO-{residence.code}-{index:03d}", row["Nom"], row["Prénom"], f"A{index:02d}",
                               arrival.strftime("%d/%m/%Y"), leaves.strftime("%d/%m/%Y"), row["Téléphone"],
                               email, row["Langue"]]))
    content = ("\n".join(lines) + "\n").encode("utf-8")
    return HousingExportImporter(residence, "demo-housing-export.csv", content, actor=manager).run()


def _visitor_codes(residence, manager):
    if CodeBatch.objects.filter(residence=residence, note=DEMO_NOTE).exists():
        return
    start = datetime.combine(local_today(), time(8), tzinfo=PARIS)
    terms = VisitorTerms(valid_from=start, valid_until=start + timedelta(days=3), max_devices=2,
                         session_seconds=12 * 3600, note=DEMO_NOTE)
    batch = create_visitor_codes(manager, residence, terms, count=6)
    revoke_code(manager, batch.codes.order_by("code").first())


def _slots(operator) -> list[OnboardingSlot]:
    """Publish Tuesday and Thursday morning slots for the next two weeks, once."""
    existing = list(onboarding.open_slots())
    if existing:
        return existing
    day = local_today() + timedelta(days=1)
    for _offset in range(14):
        if day.weekday() in (1, 3):
            first = datetime.combine(day, time(10), tzinfo=PARIS)
            if first > now() + onboarding.MIN_NOTICE:
                onboarding.publish_slots(operator, first_start=first, minutes=30, count=4, host="Olivia")
        day += timedelta(days=1)
    return list(onboarding.open_slots())


def _booking(manager, residence, slot):
    if OnboardingBooking.objects.filter(residence=residence, cancelled_at__isnull=True).exists():
        return
    onboarding.book(manager, residence, onboarding.BookingRequest(
        slot_id=slot.pk, contact_phone="03 80 00 00 00", flyer_quantity=120, flyer_languages=["fr", "en"],
        comment="Accueil ouvert de 9 h à 12 h."))
