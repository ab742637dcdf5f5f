import json
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from planetcampus.eduroam.models import Authentication
from planetcampus.eduroam.records import InvalidRecord, store_record
from planetcampus.eduroam.retention import ingest_spool, purge_expired

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc)


def record(**overrides):
    values = {
        "User-Name": "anonymous@univ-exemple.fr", "Calling-Station-Id": "02-00-00-00-00-01",
        "Called-Station-Id": "00-11-22-33-44-55:eduroam", "NAS-Identifier": "", "Operator-Name": "1planetcampus.fr",
        "Chargeable-User-Identity": "0x6375692d31", "Reply-Message": "", "Tmp-String-0": "lyon-a",
        "Tmp-String-1": "accepted", "Tmp-String-2": "accept", "Tmp-String-3": "127.0.0.1:1812",
        "Tmp-IP-Address-0": "127.0.0.1", "Tmp-Integer-1": str(int(NOW.timestamp())), "Tmp-Integer-2": "250000",
    }
    values.update(overrides)
    return json.dumps(values)


def test_record_is_stored_with_its_nas_and_residence(estate):
    stored, created = store_record(record())

    assert created
    assert stored.residence == estate["lyon_a"]
    assert stored.nas.identifier == "lyon-a-gw1"
    assert stored.occurred_at == NOW + timedelta(microseconds=250000)
    assert stored.mac == "02:00:00:00:00:01"
    assert stored.cui == "cui-1"
    assert stored.realm == "univ-exemple.fr"


def test_same_record_twice_is_stored_once(estate):
    store_record(record())
    _, created = store_record(record().replace('", "', '","'))

    assert not created
    assert Authentication.objects.count() == 1


@pytest.mark.parametrize("raw", ["not json", "[]", record(**{"Tmp-String-2": "maybe"}),
                                 record(**{"Tmp-String-1": "unknown"}), record(**{"Tmp-Integer-1": "soon"}),
                                 record(**{"Tmp-IP-Address-0": "nas-1"})])
def test_invalid_record_is_rejected(estate, raw):
    with pytest.raises(InvalidRecord):
        store_record(raw)


def test_endpoint_stores_a_record_with_the_token(client, estate, settings):
    response = client.post("/fr/eduroam/radius/authentications/", record(), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {settings.RADIUS_API_TOKEN}")

    assert response.status_code == 204
    assert Authentication.objects.count() == 1


def test_endpoint_rejects_a_wrong_token(client, estate):
    response = client.post("/fr/eduroam/radius/authentications/", record(), content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer wrong")

    assert response.status_code == 403
    assert Authentication.objects.count() == 0


def test_endpoint_answers_400_to_an_invalid_record(client, estate, settings):
    response = client.post("/fr/eduroam/radius/authentications/", "{}", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {settings.RADIUS_API_TOKEN}")

    assert response.status_code == 400


def test_spool_is_ingested_and_emptied(estate, tmp_path, django_capture_on_commit_callbacks):
    spool = tmp_path / "eduroam" / "spool" / "authentications.jsonl"
    spool.parent.mkdir(parents=True)
    spool.write_text(record() + "\n" + "garbage\n" + record(**{"Tmp-Integer-2": "1"}) + "\n")

    with django_capture_on_commit_callbacks(execute=True):
        counts = ingest_spool(tmp_path)

    assert counts == {"stored": 2, "duplicates": 0, "invalid": 1}
    assert spool.read_text() == ""


def test_spool_lines_written_meanwhile_stay(estate, tmp_path, django_capture_on_commit_callbacks):
    spool = tmp_path / "eduroam" / "spool" / "authentications.jsonl"
    spool.parent.mkdir(parents=True)
    later = record(**{"Tmp-Integer-2": "2"}) + "\n"
    spool.write_text(record() + "\n" + later[:20])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = ingest_spool(tmp_path)
    spool.write_text(spool.read_text() + later[20:])
    for callback in callbacks:
        callback()

    assert counts["stored"] == 1
    assert spool.read_text() == later[:20] + later[20:]


def test_purge_deletes_records_past_the_retention(estate, settings):
    settings.CONNECTION_LOG_RETENTION_DAYS = 365
    store_record(record(**{"Tmp-Integer-1": str(int((NOW - timedelta(days=366)).timestamp()))}))
    store_record(record(**{"Tmp-Integer-1": str(int((NOW - timedelta(days=364)).timestamp()))}))

    with time_machine.travel(NOW, tick=False):
        deleted = purge_expired()

    assert deleted == 1
    assert Authentication.objects.count() == 1
