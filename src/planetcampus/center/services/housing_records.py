"""The residents, dwellings and codes of one residence, loaded once for an import.

Matching every row of a 2,000-line export with its own queries cost about
ten round trips a row. With these indexes in memory, the dwellings,
residents and codes are written in bulk once every row has been matched.
"""

from planetcampus.access.models import ConnectionCode, Resident
from planetcampus.center import providers
from planetcampus.center.services.residents import code_window
from planetcampus.center.services.visitor_codes import unused_codes
from planetcampus.estate.models import Dwelling

RESIDENT_MAX_DEVICES = 8
RESIDENT_SESSION_SECONDS = 24 * 3600
BATCH_SIZE = 500
RESIDENT_FIELDS = ["external_id", "last_name", "first_name", "dwelling", "arrival_on", "departure_on", "phone", "email",
                   "language", "source", "departure_processed_at", "updated_at"]


def _name_key(last_name, first_name, dwelling_id):
    return last_name.lower(), first_name.lower(), dwelling_id


class ResidenceRecords:
    def __init__(self, residence, *, actor=None):
        self.residence = residence
        self.actor = actor
        self.by_external_id: dict[str, Resident] = {}
        self.by_email: dict[str, list[Resident]] = {}
        self.by_name: dict[tuple, list[Resident]] = {}
        for resident in Resident.objects.filter(residence=residence):
            self.add(resident)
        self.dwellings = dict(Dwelling.objects.filter(residence=residence).values_list("number", "pk"))
        self.codes = {code.resident_id: code for code in
                      ConnectionCode.objects.filter(residence=residence, resident__isnull=False)}
        self.new: list[Resident] = []
        self.changed: list[Resident] = []
        self.touched: list[Resident] = []

    def add(self, resident: Resident) -> None:
        if resident.external_id:
            self.by_external_id[resident.external_id] = resident
        if resident.email:
            self.by_email.setdefault(resident.email.lower(), []).append(resident)
        key = _name_key(resident.last_name, resident.first_name, resident.dwelling_id)
        self.by_name.setdefault(key, []).append(resident)

    def add_dwellings(self, numbers) -> None:
        missing = sorted(number for number in numbers if number and number not in self.dwellings)
        created = Dwelling.objects.bulk_create([Dwelling(residence=self.residence, number=number) for number in missing],
                                               batch_size=BATCH_SIZE)
        self.dwellings.update({dwelling.number: dwelling.pk for dwelling in created})

    def find(self, values) -> Resident | None:
        """Find a resident by housing id, else by e-mail, else by name and dwelling."""
        if values["external_id"] and values["external_id"] in self.by_external_id:
            return self.by_external_id[values["external_id"]]

        def eligible(resident):
            # With an id in the file, only a record imported without an id may
            # match on e-mail or name; it then takes the id.
            return not values["external_id"] or not resident.external_id

        if values["email"]:
            found = [resident for resident in self.by_email.get(values["email"].lower(), []) if eligible(resident)]
            if found:
                return found[0]
        key = _name_key(values["last_name"], values["first_name"], values["dwelling_id"])
        found = [resident for resident in self.by_name.get(key, []) if eligible(resident)]
        return found[0] if found else None

    def save(self) -> int:
        """Write new and changed residents, then their codes and private WiFi ends; return codes created."""
        Resident.objects.bulk_create(self.new, batch_size=BATCH_SIZE)
        Resident.objects.bulk_update(self.changed, RESIDENT_FIELDS, batch_size=BATCH_SIZE)

        missing, moved, departures = [], [], {}
        for resident in self.touched:
            valid_from, valid_until = code_window(resident)
            code = self.codes.get(resident.pk)
            if code is None:
                missing.append((resident, valid_from, valid_until))
            elif resident.departure_on is not None and code.valid_until != valid_until:
                code.valid_until = valid_until
                moved.append(code)
            if resident.user_id and resident.departure_on is not None:
                departures[resident.user_id] = resident.departure_on

        values = unused_codes(len(missing)) if missing else []
        ConnectionCode.objects.bulk_create([
            ConnectionCode(code=value, kind=ConnectionCode.Kind.RESIDENT, residence=self.residence, resident=resident,
                           valid_from=valid_from, valid_until=valid_until, created_by=self.actor,
                           max_devices=RESIDENT_MAX_DEVICES, session_seconds=RESIDENT_SESSION_SECONDS)
            for value, (resident, valid_from, valid_until) in zip(values, missing)
        ], batch_size=BATCH_SIZE)
        ConnectionCode.objects.bulk_update(moved, ["valid_until"], batch_size=BATCH_SIZE)
        providers.end_private_wifi_of_users(departures)
        return len(missing)
