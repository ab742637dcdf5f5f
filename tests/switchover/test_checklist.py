
import pytest
from django.core.exceptions import ValidationError

from planetcampus.core.models import AuditEvent
from planetcampus.estate.models import Residence, Ssid
from planetcampus.switchover import checklist
from planetcampus.switchover.models import Step

pytestmark = pytest.mark.django_db


def test_steps_record_who_and_when(make_residence, personas):
    residence = make_residence("step-a")
    step = checklist.do_step(residence, Step.Kind.SSID, actor=personas["operator"], note="fait par le technicien")

    assert step.state == Step.State.DONE
    assert step.changed_by == personas["operator"]
    assert step.changed_at is not None
    assert AuditEvent.objects.filter(action="switchover.step_done", data__step="ssid").count() == 1


def test_ssid_change_swaps_legacy_for_captive(make_residence, personas):
    residence = make_residence("step-b")
    legacy = Ssid.objects.create(residence=residence, name="SmartCampus", purpose="legacy")

    checklist.do_step(residence, Step.Kind.SSID, actor=personas["operator"])
    legacy.refresh_from_db()
    assert not legacy.active
    assert residence.ssids.get(purpose="captive", name="PlanetCampus").active

    checklist.undo_step(residence, Step.Kind.SSID, actor=personas["operator"])
    legacy.refresh_from_db()
    assert legacy.active
    assert not residence.ssids.get(purpose="captive").active


def test_portal_needs_captive_ssid_and_gateway(make_residence, personas):
    residence = make_residence("step-c")
    with pytest.raises(ValidationError) as raised:
        checklist.do_step(residence, Step.Kind.PORTAL, actor=personas["operator"])
    assert raised.value.code == "no_captive_ssid"

    residence.nas_devices.update(active=False)
    checklist.do_step(residence, Step.Kind.SSID, actor=personas["operator"])
    with pytest.raises(ValidationError) as raised:
        checklist.do_step(residence, Step.Kind.PORTAL, actor=personas["operator"])
    assert raised.value.code == "no_nas"


def test_center_needs_a_manager(make_residence, personas):
    residence = make_residence("step-d", manager=False)
    with pytest.raises(ValidationError) as raised:
        checklist.do_step(residence, Step.Kind.CENTER, actor=personas["operator"])
    assert raised.value.code == "no_manager"


def test_complete_checklist_switches_residence(make_residence, personas):
    residence = make_residence("step-e")
    for kind in checklist.ORDER:
        checklist.do_step(residence, kind, actor=personas["operator"])

    residence.refresh_from_db()
    assert residence.offer == Residence.Offer.PLANETCAMPUS
    assert residence.switched_over_on is not None
    assert residence.private_wifi_enabled
    assert residence.eduroam_enabled
    assert AuditEvent.objects.filter(action="switchover.completed", target_id=str(residence.pk)).exists()


def test_undo_after_completion_reverts_offer(make_residence, personas):
    residence = make_residence("step-f")
    for kind in checklist.ORDER:
        checklist.do_step(residence, kind, actor=personas["operator"])

    checklist.undo_step(residence, Step.Kind.EDUROAM, actor=personas["operator"], note="RADIUS eduroam en panne")

    residence.refresh_from_db()
    assert residence.offer == Residence.Offer.SMARTCAMPUS
    assert residence.switched_over_on is None
    assert not residence.eduroam_enabled
    assert residence.private_wifi_enabled
    assert AuditEvent.objects.filter(action="switchover.reverted").exists()
    assert AuditEvent.objects.filter(action="switchover.step_undone", data__note="RADIUS eduroam en panne").exists()


def test_doing_a_done_step_changes_nothing(make_residence, personas):
    residence = make_residence("step-g")
    first = checklist.do_step(residence, Step.Kind.PRIVATE_WIFI, actor=personas["operator"])
    again = checklist.do_step(residence, Step.Kind.PRIVATE_WIFI, actor=personas["dsi"])

    assert again.changed_by == first.changed_by
    assert AuditEvent.objects.filter(action="switchover.step_done").count() == 1


def test_missing_steps_lists_labels(make_residence, personas):
    residence = make_residence("step-h")
    checklist.do_step(residence, Step.Kind.SSID, actor=personas["operator"])
    assert len(checklist.missing_steps(residence)) == 4
    assert not checklist.is_complete(residence)


def test_broken_template_is_rejected_on_save():
    from planetcampus.switchover.models import Template

    template = Template(kind="resident_done", language="es", body="{% if residence %}sin cierre")
    with pytest.raises(ValidationError) as raised:
        template.full_clean()
    assert "body" in raised.value.message_dict
