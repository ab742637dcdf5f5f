from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from planetcampus.access.codes import CODE_ALPHABET, CODE_LENGTH
from planetcampus.access.models import ConnectionCode
from planetcampus.access.rights import current_right
from planetcampus.accounts.models import User
from planetcampus.center.services.visitor_codes import (
    VisitorTerms,
    create_visitor_codes,
    revoke_code,
)
from planetcampus.core.clock import now
from planetcampus.core.models import AuditEvent
from tests.center.nas import open_session

NOON = "2026-12-04 12:00:00+01:00"


def terms(**overrides):
    values = {"valid_from": now(), "valid_until": now() + timedelta(days=1), "max_devices": 2,
              "session_seconds": 4 * 3600, "note": "Jury de thèse"}
    return VisitorTerms(**{**values, **overrides})


def redeem(code, email="visitor@example.test"):
    user = User.objects.create_user(email, "Correct-Horse-42", kind=User.Kind.VISITOR)
    code.redeemed_by = user
    code.redeemed_at = now()
    code.save()
    return user


@time_machine.travel(NOON, tick=False)
def test_batch_makes_distinct_codes_with_same_terms(personas, estate):
    batch = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=25)
    codes = list(batch.codes.all())

    assert len(codes) == 25
    assert len({code.code for code in codes}) == 25
    assert all(len(code.code) == CODE_LENGTH and set(code.code) <= set(CODE_ALPHABET) for code in codes)
    assert {(code.kind, code.max_devices, code.session_seconds, code.note) for code in codes} == {
        ("visitor", 2, 4 * 3600, "Jury de thèse")}
    assert {code.created_by for code in codes} == {personas["manager"]}
    assert AuditEvent.objects.get(action="visitor_code.created").data["count"] == 25


@pytest.mark.parametrize(("overrides", "count", "error"), [
    ({"valid_until": now() - timedelta(hours=1)}, 1, "window"),
    ({"valid_until": now() + timedelta(days=400)}, 1, "window"),
    ({"max_devices": 0}, 1, "devices"),
    ({"max_devices": 11}, 1, "devices"),
    ({"session_seconds": 60}, 1, "session"),
    ({}, 0, "count"),
    ({}, 201, "count"),
])
def test_invalid_terms_are_rejected(personas, estate, overrides, count, error):
    with pytest.raises(ValidationError) as raised:
        create_visitor_codes(personas["manager"], estate["lyon_a"], terms(**overrides), count=count)

    assert raised.value.code == error
    assert ConnectionCode.objects.count() == 0


def test_drawn_codes_skip_codes_already_stored(personas, estate, monkeypatch):
    create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=1)
    taken = ConnectionCode.objects.get().code
    draws = iter([taken, "34679ACE"])
    monkeypatch.setattr("planetcampus.center.services.visitor_codes.generate_code", lambda: next(draws))

    batch = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=1)

    assert batch.codes.get().code == "34679ACE"


def test_revoking_ends_the_visitor_right_and_sessions(personas, estate, lyon_nas):
    nas, listener = lyon_nas
    code = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=1).codes.get()
    visitor = redeem(code)
    open_session(visitor, nas)
    assert current_right(visitor).active

    sent = revoke_code(personas["manager"], code)

    code.refresh_from_db()
    assert sent == 1
    assert code.revoked_at is not None
    assert code.revoked_by == personas["manager"]
    assert not current_right(visitor).active
    assert len(listener.received) == 1
    assert listener.received[0]["Calling-Station-Id"] == ["02-11-22-33-44-55"]
    assert AuditEvent.objects.filter(action="visitor_code.revoked", target_id=str(code.pk)).count() == 1


def test_revoking_twice_keeps_the_first_revocation(personas, estate, lyon_nas):
    code = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=1).codes.get()
    revoke_code(personas["manager"], code)
    first = ConnectionCode.objects.get(pk=code.pk).revoked_at

    assert revoke_code(personas["dsi"], code) == 0
    code.refresh_from_db()
    assert code.revoked_at == first
    assert code.revoked_by == personas["manager"]


def test_unused_code_revocation_sends_nothing(personas, estate, lyon_nas):
    _nas, listener = lyon_nas
    code = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=1).codes.get()

    assert revoke_code(personas["manager"], code) == 0
    assert listener.received == []


def test_code_page_shows_use_and_devices(client_for, personas, estate):
    from planetcampus.aaa.models import Device

    code = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=1).codes.get()
    visitor = redeem(code, "jean.visiteur@example.test")
    Device.objects.create(user=visitor, mac="02:aa:bb:cc:dd:ee", name="Pixel de Jean", first_seen=now(),
                          last_seen=now(), residence=estate["lyon_a"])
    page = client_for("manager").get(f"/fr/center/codes/{code.pk}/").content.decode()

    assert "jean.visiteur@example.test" in page
    assert "Pixel de Jean" in page
    assert "02:aa:bb:cc:dd:ee" in page
    assert "utilisé" in page


def test_list_filters_by_state(client_for, personas, estate):
    batch = create_visitor_codes(personas["manager"], estate["lyon_a"], terms(), count=3)
    first, *others = batch.codes.order_by("code")
    revoke_code(personas["manager"], first)
    client = client_for("manager")

    revoked = client.get("/fr/center/residences/lyon-a/visitor-codes/?status=revoked").content.decode()
    valid = client.get("/fr/center/residences/lyon-a/visitor-codes/?status=valid").content.decode()

    assert first.code in revoked
    assert all(code.code not in revoked for code in others)
    assert first.code not in valid
    assert all(code.code in valid for code in others)


def test_form_creates_a_batch_and_shows_it(client_for, estate):
    response = client_for("manager").post("/fr/center/residences/lyon-a/visitor-codes/", {
        "count": 4, "valid_from": "2026-12-10T08:00", "valid_until": "2026-12-12T18:00", "max_devices": 3,
        "session_seconds": 12 * 3600, "note": "Journées portes ouvertes"})

    assert response.status_code == 302
    codes = ConnectionCode.objects.filter(residence=estate["lyon_a"])
    assert codes.count() == 4
    first = codes.first()
    assert first.valid_from.isoformat() == "2026-12-10T07:00:00+00:00"  # 08:00 in Paris, winter time
    assert first.max_devices == 3
    assert first.session_seconds == 12 * 3600


def test_form_rejects_an_end_before_the_start(client_for, estate):
    response = client_for("manager").post("/fr/center/residences/lyon-a/visitor-codes/", {
        "count": 1, "valid_from": "2026-12-12T08:00", "valid_until": "2026-12-10T08:00", "max_devices": 1,
        "session_seconds": 3600})

    assert response.status_code == 200
    assert "La fin de validité doit suivre son début." in response.content.decode()
    assert ConnectionCode.objects.count() == 0


def test_api_creates_and_lists_codes(client_for, estate):
    import json

    client = client_for("manager")
    created = client.post("/fr/center/api/residences/lyon-a/visitor-codes/", json.dumps({
        "count": 2, "valid_from": "2026-12-10T08:00:00+01:00", "valid_until": "2026-12-11T08:00:00+01:00",
        "max_devices": 1, "note": "API"}), content_type="application/json")
    listed = client.get("/fr/center/api/residences/lyon-a/visitor-codes/").json()

    assert created.status_code == 201
    assert len(created.json()["results"]) == 2
    assert {item["code"] for item in listed["results"]} == {item["code"] for item in created.json()["results"]}


def test_api_errors_have_a_code_and_a_message(client_for, estate):
    import json

    client = client_for("manager")
    naive = client.post("/en/center/api/residences/lyon-a/visitor-codes/", json.dumps({
        "valid_from": "2026-12-10T08:00:00", "valid_until": "2026-12-11T08:00:00"}), content_type="application/json")
    reversed_window = client.post("/en/center/api/residences/lyon-a/visitor-codes/", json.dumps({
        "valid_from": "2026-12-11T08:00:00+01:00", "valid_until": "2026-12-10T08:00:00+01:00"}),
        content_type="application/json")

    assert naive.status_code == 400
    assert naive.json()["error"]["code"] == "invalid_request"
    assert reversed_window.status_code == 400
    assert reversed_window.json()["error"] == {"code": "window", "message": "The end of validity must come after its start."}


def test_batch_already_expired_rejected(estate, personas):
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
    from planetcampus.core.clock import now

    terms = VisitorTerms(valid_from=now() - timedelta(days=3), valid_until=now() - timedelta(days=2),
                         max_devices=2, session_seconds=86400)

    with pytest.raises(ValidationError) as failure:
        create_visitor_codes(personas["manager"], estate["lyon_a"], terms)

    assert failure.value.code == "window"


def test_api_out_of_scope_answers_json(client_for, estate):
    response = client_for("outsider").get("/fr/center/api/residences/lyon-a/visitor-codes/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
