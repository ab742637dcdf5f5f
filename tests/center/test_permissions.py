"""Every role against every center URL, export, download and API call.

The rule: operators reach everything, the Lyon DSI reaches both Lyon
residences, the Lyon manager reaches Lyon A only, the Grenoble manager
(the outsider) reaches Grenoble only, and a resident reaches nothing.
Refused requests must also leave the data untouched.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse

SCOPE = {
    "operator": {"lyon_a", "lyon_b", "grenoble_a"},
    "dsi": {"lyon_a", "lyon_b"},
    "manager": {"lyon_a"},
    "outsider": {"grenoble_a"},
    "resident": set(),
}
OPERATOR_ONLY = {"onboarding", "onboarding-export", "onboarding-withdraw"}
ALLOWED = {200, 201, 302}
REFUSED = {403, 404}


def residence_requests(objects):
    """Return (url name, method, url, data) for every URL bound to one residence's objects."""
    residence = objects["residence"].code
    code, resident, booking = objects["visitor_code"].pk, objects["resident"].pk, objects["booking"].pk
    window = {"valid_from": "2026-12-10T08:00:00+01:00", "valid_until": "2026-12-11T08:00:00+01:00"}
    return [
        ("home", "get", reverse("center:home"), None),
        ("residence", "get", reverse("center:residence", args=[residence]), None),
        ("flyer", "get", reverse("center:flyer", args=[residence]), None),
        ("visitor-codes", "get", reverse("center:visitor-codes", args=[residence]), None),
        ("visitor-codes", "post", reverse("center:visitor-codes", args=[residence]),
         {"count": 1, "valid_from": "2026-12-10T08:00", "valid_until": "2026-12-11T08:00", "max_devices": 1,
          "session_seconds": 3600, "note": "permission test"}),
        ("visitor-codes-print", "get",
         reverse("center:visitor-codes-print", args=[residence]) + f"?batch={objects['batch'].pk}", None),
        ("visitor-codes-print", "get", reverse("center:visitor-codes-print", args=[residence]) + f"?code={code}", None),
        ("visitor-codes-export", "get", reverse("center:visitor-codes-export", args=[residence]), None),
        ("code-detail", "get", reverse("center:code-detail", args=[code]), None),
        ("code-detail", "get", reverse("center:code-detail", args=[objects["resident_code"].pk]), None),
        ("code-revoke", "post", reverse("center:code-revoke", args=[code]), {}),
        ("residents", "get", reverse("center:residents", args=[residence]), None),
        ("residents-export", "get", reverse("center:residents-export", args=[residence]), None),
        ("residents-import", "get", reverse("center:residents-import", args=[residence]), None),
        ("residents-import", "post", reverse("center:residents-import", args=[residence]), "upload"),
        ("residents-send-unsent", "post", reverse("center:residents-send-unsent", args=[residence]), {}),
        ("resident-detail", "get", reverse("center:resident-detail", args=[resident]), None),
        ("resident-send", "post", reverse("center:resident-send", args=[resident]), {}),
        ("resident-account", "post", reverse("center:resident-account", args=[resident]), {"action": "disable"}),
        ("onboarding-book", "get", reverse("center:onboarding-book", args=[residence]), None),
        ("onboarding-cancel", "post", reverse("center:onboarding-cancel", args=[booking]), {}),
        ("api-residence", "get", reverse("center:api-residence", args=[residence]), None),
        ("api-visitor-codes", "get", reverse("center:api-visitor-codes", args=[residence]), None),
        ("api-visitor-codes", "post", reverse("center:api-visitor-codes", args=[residence]), {"json": window}),
    ]


def operator_requests(objects):
    return [
        ("onboarding", "get", reverse("center:onboarding"), None),
        ("onboarding", "post", reverse("center:onboarding"),
         {"first_start": "2027-01-10T09:00", "minutes": 30, "count": 2, "host": "Test"}),
        ("onboarding-export", "get", reverse("center:onboarding-export"), None),
        ("onboarding-withdraw", "post", reverse("center:onboarding-withdraw", args=[objects["slot"].pk]), {}),
    ]


def send(client, method, url, data):
    if method == "get":
        return client.get(url)
    if data == "upload":
        upload = SimpleUploadedFile("export.csv", "Nom;Prénom;Logement\nMARTIN;Léa;B12\n".encode())
        return client.post(url, {"file": upload})
    if isinstance(data, dict) and "json" in data:
        return client.post(url, json.dumps(data["json"]), content_type="application/json")
    return client.post(url, data)


def state(objects):
    """The values a refused request must not change."""
    from planetcampus.access.models import ConnectionCode, Resident

    residence = objects["residence"]
    objects["visitor_code"].refresh_from_db()
    objects["booking"].refresh_from_db()
    objects["resident"].user.refresh_from_db()
    return (objects["visitor_code"].revoked_at, objects["booking"].cancelled_at, objects["resident"].user.is_active,
            ConnectionCode.objects.filter(residence=residence).count(), Resident.objects.filter(residence=residence).count(),
            ConnectionCode.objects.get(pk=objects["resident_code"].pk).send_count)


def test_every_center_url_is_in_the_matrix(center_world):
    language_patterns = get_resolver().url_patterns[-1]
    center = next(entry for entry in language_patterns.url_patterns if getattr(entry, "namespace", "") == "center")
    names = {entry.name for entry in center.url_patterns if isinstance(entry, URLPattern)}
    covered = {name for name, *_rest in residence_requests(center_world["lyon_a"]) + operator_requests(center_world["lyon_a"])}

    assert names - covered == set()


@pytest.mark.parametrize("persona", sorted(SCOPE))
def test_role_reaches_only_its_scope(client, personas, center_world, persona):
    client.force_login(personas[persona])
    wrong = []
    for key, objects in center_world.items():
        in_scope = key in SCOPE[persona]
        for name, method, url, data in residence_requests(objects):
            before = state(objects)
            response = send(client, method, url, data)
            if name == "home":
                allowed = bool(SCOPE[persona])
            else:
                allowed = in_scope
            if allowed and response.status_code not in ALLOWED:
                wrong.append(f"{persona} refused {method} {url}: {response.status_code}")
            if not allowed and response.status_code not in REFUSED:
                wrong.append(f"{persona} reached {method} {url}: {response.status_code}")
            if not allowed and state(objects) != before:
                wrong.append(f"{persona} changed data through refused {method} {url}")

    assert wrong == []


@pytest.mark.parametrize("persona", sorted(SCOPE))
def test_operator_pages_refuse_other_roles(client, personas, center_world, persona):
    client.force_login(personas[persona])
    wrong = []
    for name, method, url, data in operator_requests(center_world["lyon_a"]):
        response = send(client, method, url, data)
        expected = ALLOWED if persona == "operator" else REFUSED
        if response.status_code not in expected:
            wrong.append(f"{persona} {method} {url}: {response.status_code}")

    assert wrong == []


def test_home_lists_only_residences_in_scope(client, personas, center_world):
    client.force_login(personas["manager"])
    page = client.get(reverse("center:home")).content.decode()

    assert "Résidence André Allix" in page
    assert "Résidence Benjamin Delessert" not in page
    assert "Résidence Ouest" not in page


def test_exports_hold_only_the_residence_rows(client, personas, center_world):
    client.force_login(personas["dsi"])
    residents = client.get(reverse("center:residents-export", args=["lyon-a"])).content.decode("utf-8-sig")
    codes = client.get(reverse("center:visitor-codes-export", args=["lyon-a"])).content.decode("utf-8-sig")

    assert "Name0" in residents
    assert "Name1" not in residents
    assert "Name2" not in residents
    assert "Visitor of lyon_a" in codes
    assert "Visitor of lyon_b" not in codes
    assert "Visitor of grenoble_a" not in codes


def test_print_ignores_codes_of_other_residences(client, personas, center_world):
    from tests.center.pdf import pdf_text

    client.force_login(personas["manager"])
    foreign = center_world["grenoble_a"]["visitor_code"]
    own = center_world["lyon_a"]["visitor_code"]
    url = reverse("center:visitor-codes-print", args=["lyon-a"]) + f"?code={foreign.pk}&code={own.pk}"
    text = pdf_text(client.get(url).content)

    assert f"{own.code[:4]}-{own.code[4:]}" in text
    assert foreign.code[:4] + "-" + foreign.code[4:] not in text


def test_anonymous_is_sent_to_sign_in(client, center_world):
    for name, method, url, data in residence_requests(center_world["lyon_a"]) + operator_requests(center_world["lyon_a"]):
        response = send(client, method, url, data)

        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_other_languages_redirect_to_english(client, personas, center_world):
    client.force_login(personas["manager"])
    response = client.get("/de/center/")

    assert response.status_code == 302
    assert response["Location"] == "/en/center/"

