import pytest

from planetcampus.eduroam.identity import realm_of, reject_reason, unlang_policy

REJECTED = ["3gppnetwork.org", "myabc.com", "local"]


@pytest.mark.parametrize("identity", [
    "anonymous@univ-lyon1.fr",
    "@univ-lyon1.fr".replace("@", "a@"),
    "first.last+tag@etu.univ-exemple.fr",
    "anonymous@UNIV-Exemple.FR",
    "anonymous@xn--exemple-9ua.xn--p1ai",
])
def test_routable_identity_is_proxied(identity):
    assert reject_reason(identity, rejected_realms=REJECTED) is None


@pytest.mark.parametrize("identity, reason", [
    ("", "missing_identity"),
    (None, "missing_identity"),
    ("anonymous", "missing_realm"),
    ("@univ-exemple.fr", "empty_user_part"),
    ("anonymous@univexemple", "realm_without_dot"),
    ("anonymous@univ@exemple.fr", "several_at_signs"),
    ("anony mous@univ-exemple.fr", "invalid_characters"),
    ("anonymous@univ-exemple.fr ", "invalid_characters"),
    ("anonymous\t@univ-exemple.fr", "invalid_characters"),
    ("anonymous@univ-.fr", "invalid_realm"),
    ("anonymous@.univ.fr", "invalid_realm"),
    ("anonymous@univ..fr", "invalid_realm"),
    ("anonymous@univ.fr.", "invalid_realm"),
    ("anonymous@univ.123", "invalid_realm"),
    ("anonymous@univ_exemple.fr", "invalid_realm"),
    ("0208150123456789@wlan.mnc015.mcc208.3gppnetwork.org", "rejected_realm"),
    ("anonymous@3gppnetwork.org", "rejected_realm"),
    ("anonymous@myabc.com", "rejected_realm"),
    ("anonymous@laptop.local", "rejected_realm"),
    ("a" * 250 + "@univ.fr", "too_long"),
])
def test_malformed_identity_has_a_reason(identity, reason):
    assert reject_reason(identity, rejected_realms=REJECTED) == reason


def test_realm_is_lower_cased_after_the_last_at():
    assert realm_of("Anonymous@Univ-Exemple.FR") == "univ-exemple.fr"
    assert realm_of("anonymous") == ""


def test_unlang_policy_rejects_with_the_same_reasons():
    policy = unlang_policy(REJECTED)

    assert policy.startswith("eduroam_check_identity {")
    assert '"rejected_realm"' in policy
    assert r"3gppnetwork\.org|myabc\.com|local" in policy
    assert policy.count("eduroam_reject") == 9
