"""Demo accounts, one per role, printed when the demo starts."""

from planetcampus.accounts.models import StaffRole, User
from planetcampus.estate.models import Crous, Residence

DEMO_PASSWORD = "demo-PlanetCampus-2026"


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
    role.residences.set(Residence.objects.filter(crous=bfc).order_by("name")[:3])

    _account("etudiant@demo.planetcampus.fr", User.Kind.RESIDENT, first_name="Marjolaine", last_name="Martin")

    stdout.write("Demo accounts (password: %s):" % DEMO_PASSWORD)
    for label, user in (("operator", operator), ("CROUS DSI (BFC)", dsi), ("residence manager (BFC)", manager)):
        stdout.write(f"  {label:26} {user.email}")
    stdout.write(f"  {'student':26} etudiant@demo.planetcampus.fr")
