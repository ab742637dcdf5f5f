"""Demo accounts, one per role, printed when the demo starts."""

from datetime import timedelta

from planetcampus.access.models import ConnectionCode
from planetcampus.accounts.models import StaffRole, User
from planetcampus.core.clock import now
from planetcampus.estate.models import Crous, DsiContact, Residence

DEMO_PASSWORD = "demo-PlanetCampus-2026"
# Jean Moulin and Jemmapes (Besançon) and Antipodes (Dijon), from the CNOUS open data.
MANAGER_RESIDENCES = ["od-423", "od-1191", "od-420"]


def _account(email, kind, **fields):
    user, created = User.objects.get_or_create(email=email, defaults={"kind": kind, **fields})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def load(stdout):
    operator = _account("operateur@demo.planetcampus.fr", User.Kind.STAFF, first_name="Olivia",
                        last_name="Opératrice", is_staff=True, is_superuser=True)
    StaffRole.objects.get_or_create(user=operator, role=StaffRole.Role.OPERATOR)

    bfc = Crous.objects.get(code="bfc")
    dsi = _account("dsi@demo.crous-bfc.fr", User.Kind.STAFF, first_name="Denis", last_name="Dsi")
    StaffRole.objects.get_or_create(user=dsi, role=StaffRole.Role.DSI, crous=bfc)

    manager = _account("gestionnaire@demo.crous-bfc.fr", User.Kind.STAFF, first_name="Gaëlle", last_name="Gestionnaire")
    role, _ = StaffRole.objects.get_or_create(user=manager, role=StaffRole.Role.MANAGER)
    # Fixed open-data residences, so every run of the demo gives her the same ones.
    role.residences.set(Residence.objects.filter(code__in=MANAGER_RESIDENCES))

    DsiContact.objects.get_or_create(crous=bfc, email=dsi.email, defaults={"name": dsi.get_full_name()})

    _account("etudiant@demo.planetcampus.fr", User.Kind.RESIDENT, first_name="Marjolaine", last_name="Martin")
    visitor = _account("visiteur@demo.planetcampus.fr", User.Kind.VISITOR, first_name="Victor", last_name="Visiteur")
    residence = role.residences.order_by("name").first()
    if residence is not None and not visitor.connection_codes.exists():
        ConnectionCode.objects.create(
            code="MEETRH47", kind=ConnectionCode.Kind.VISITOR, residence=residence, valid_from=now(),
            valid_until=now() + timedelta(days=365), max_devices=2, session_seconds=4 * 3600,
            note="Demo visitor", redeemed_by=visitor, redeemed_at=now(),
        )

    stdout.write("Demo accounts (password: %s):" % DEMO_PASSWORD)
    for label, user in (("operator", operator), ("CROUS DSI (BFC)", dsi), ("residence manager (BFC)", manager)):
        stdout.write(f"  {label:26} {user.email}")
    stdout.write(f"  {'student (resident)':26} etudiant@demo.planetcampus.fr")
    stdout.write(f"  {'visitor':26} visiteur@demo.planetcampus.fr")
