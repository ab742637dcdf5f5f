import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_unknown_station_is_rejected_with_a_message(estate, freeradius):
    reply = freeradius.radclient({"User-Name": "pc-nothing", "User-Password": "wrong-password-1",
                                  "Calling-Station-Id": "AA-BB-CC-DD-EE-FF", "NAS-Identifier": "lyon-a-gw1"})
    assert reply.code == "Access-Reject", reply.output + freeradius.log()
    assert "portail" in reply.get("Reply-Message", ""), reply.output
