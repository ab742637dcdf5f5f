from planetcampus.core.models import AuditEvent
from planetcampus.eduroam.services import set_eduroam


def test_set_eduroam_turns_it_on_and_audits(estate, personas):
    residence = estate["lyon_a"]

    changed = set_eduroam(residence, True, actor=personas["operator"])

    residence.refresh_from_db()
    assert changed is True
    assert residence.eduroam_enabled is True
    event = AuditEvent.objects.get(action="eduroam.enabled")
    assert event.actor == personas["operator"]
    assert event.target_id == str(residence.pk)
    assert event.crous == estate["lyon"]


def test_set_eduroam_twice_changes_nothing(estate, personas):
    residence = estate["lyon_a"]
    set_eduroam(residence, True, actor=personas["operator"])

    changed = set_eduroam(residence, True, actor=personas["operator"])

    assert changed is False
    assert AuditEvent.objects.filter(action__startswith="eduroam.").count() == 1


def test_set_eduroam_off_is_audited(estate, personas):
    residence = estate["lyon_a"]
    set_eduroam(residence, True, actor=None)

    set_eduroam(residence, False, actor=personas["operator"])

    residence.refresh_from_db()
    assert residence.eduroam_enabled is False
    assert AuditEvent.objects.filter(action="eduroam.disabled").count() == 1


def test_set_eduroam_adds_and_switches_the_ssid(estate, personas):
    residence = estate["lyon_a"]

    set_eduroam(residence, True, actor=personas["operator"])
    ssid = residence.ssids.get(purpose="eduroam")
    assert ssid.name == "eduroam"
    assert ssid.active is True

    set_eduroam(residence, False, actor=personas["operator"])
    ssid.refresh_from_db()
    assert ssid.active is False
