"""Self-care pages through Django's client: access, languages, account actions, staff export."""

import json
import re

import pytest
from django.core.management import call_command

from planetcampus.selfcare import services

LANGUAGES = ["fr", "en", "de", "es", "zh-hans"]
PAGES = ["", "wifi/", "account/", "help/", "documents/terms/", "documents/private-wifi-contract/",
         "wifi/reset/", "wifi/cancel/", "account/delete/"]


def test_anonymous_visitors_are_sent_to_sign_in(client, estate):
    response = client.get("/fr/selfcare/wifi/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_accounts_have_no_self_care(client_for):
    assert client_for("manager").get("/fr/selfcare/").status_code == 403


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_every_student_language(client, resident, frozen, language):
    services.subscribe(resident)
    client.force_login(resident)
    for page in PAGES:
        response = client.get(f"/{language}/selfcare/{page}")
        assert response.status_code == 200, page
        assert f'lang="{language}"' in response.content.decode()


def test_the_wifi_page_shows_the_deck_elements_in_french(client, resident, frozen):
    subscription = services.subscribe(resident)
    client.force_login(resident)
    html = client.get("/fr/selfcare/wifi/").content.decode()

    for text in ["Vous avez souscrit à l'offre WiFi privé.", "Fin de validité : le 30/06/2027.", "Ma clé WiFi",
                 "Gérer mon option", "Appareils connectés à mon réseau", "Réinitialiser ma clé WiFi",
                 "Voir ma consommation", "Consultez notre guide d'utilisation", "Mes documents"]:
        assert text in html, text
    assert f'value="{subscription.key}"' in html
    assert "<svg" in html and 'class="segno"' in html


def test_a_visitor_sees_why_there_is_no_private_wifi(client, visitor, frozen):
    client.force_login(visitor)
    html = client.get("/fr/selfcare/wifi/").content.decode()
    assert "réservée aux résidents" in html
    assert 'name="accept_contract"' not in html


def test_subscribing_needs_the_contract_ticked(client, resident, frozen):
    client.force_login(resident)
    response = client.post("/fr/selfcare/wifi/subscribe/", {})
    assert "Cochez la case" in response.content.decode()
    assert not hasattr(resident, "private_wifi")


def test_private_devices_listed_and_removed(client, resident, frozen):
    from planetcampus.aaa.models import Device
    from planetcampus.core.clock import now

    subscription = services.subscribe(resident)
    client.force_login(resident)
    client.post("/fr/selfcare/wifi/devices/add/", {"mac": "3C-22-FB-12-34-56", "name": "Imprimante"})
    seen = now()
    phone = Device.objects.create(user=resident, mac="0e:23:45:6a:02:0e", name="iPhone de Marjolaine", first_seen=seen,
                                  last_seen=seen, randomised=True, last_ssid_purpose="private")
    # The same phone on the captive network uses another private address: not on this list.
    Device.objects.create(user=resident, mac="1a:2b:3c:4d:5e:6f", first_seen=seen, last_seen=seen, randomised=True,
                          last_ssid_purpose="captive")

    html = client.get("/fr/selfcare/wifi/").content.decode()
    assert "3C:22:FB:12:34:56" in html and "0E:23:45:6A:02:0E" in html and "1A:2B:3C" not in html
    assert html.count(">adresse privée<") == 1
    assert "2 appareils sur votre réseau privé." in html

    client.post(f"/fr/selfcare/wifi/devices/{phone.pk}/rename/", {"name": "Téléphone"})
    phone.refresh_from_db()
    assert phone.name == "Téléphone"
    client.post(f"/fr/selfcare/wifi/devices/{phone.pk}/remove/")
    phone.refresh_from_db()
    assert not phone.reconnect_allowed
    bound = subscription.bound_devices.get()
    client.post(f"/fr/selfcare/wifi/registered/{bound.pk}/remove/")
    assert not subscription.bound_devices.exists()


def test_a_wrong_mac_is_refused_with_its_value(client, resident, frozen):
    services.subscribe(resident)
    client.force_login(resident)
    html = client.post("/fr/selfcare/wifi/devices/add/", {"mac": "3C-22-FB-12", "name": ""}).content.decode()
    assert "3C-22-FB-12 n&#x27;est pas une adresse MAC" in html


def test_someone_elses_device_cannot_be_removed(client, resident, personas, frozen):
    from planetcampus.aaa.models import Device
    from planetcampus.core.clock import now

    other = Device.objects.create(user=personas["manager"], mac="3c:22:fb:00:00:01", first_seen=now(), last_seen=now())
    client.force_login(resident)
    assert client.post(f"/fr/selfcare/wifi/devices/{other.pk}/remove/").status_code == 404


def test_email_change_waits_for_the_link(client, resident, frozen,
                                                                   django_capture_on_commit_callbacks):
    from planetcampus.messaging.models import Message

    client.force_login(resident)
    response = client.post("/fr/selfcare/account/email/", {"new_email": "nouvelle@etu.test", "password": "Correct-Horse-42"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == "student@etu.test"

    message = Message.objects.get(to="nouvelle@etu.test")
    assert message.language == "fr" and "Confirmez" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/" + path).status_code == 200
    resident.refresh_from_db()
    assert resident.email == "nouvelle@etu.test"
    notice = Message.objects.get(to="student@etu.test")
    assert "nouvelle@etu.test" in notice.body
    assert client.get("/" + path).status_code == 410


def test_the_email_change_needs_the_password(client, resident, frozen):
    client.force_login(resident)
    html = client.post("/fr/selfcare/account/email/", {"new_email": "x@etu.test", "password": "nope"}).content.decode()
    assert "Le mot de passe n&#x27;est pas le bon." in html


def test_a_forged_email_link_is_refused(client, resident):
    assert client.get("/fr/selfcare/account/email/confirm/abc:def/").status_code == 400


def test_the_password_change_keeps_the_session(client, resident, frozen):
    client.force_login(resident)
    response = client.post("/fr/selfcare/account/password/", {
        "old_password": "Correct-Horse-42", "new_password1": "Another-Horse-77", "new_password2": "Another-Horse-77"})
    assert response.status_code == 302
    assert client.get("/fr/selfcare/account/").status_code == 200
    resident.refresh_from_db()
    assert resident.check_password("Another-Horse-77")


def test_data_download_holds_key_and_usage(client, resident, frozen):
    subscription = services.subscribe(resident)
    client.force_login(resident)
    response = client.get("/fr/selfcare/account/data.json")

    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "student@etu.test"
    assert data["private_wifi"]["key"] == subscription.key
    assert data["housing"]["departure_on"] == "2027-06-30"
    assert data["sessions"] == []


def test_deleting_the_account_needs_the_password_and_removes_everything(client, resident, frozen):
    from planetcampus.accounts.models import User
    from planetcampus.selfcare.models import PrivateWifiSubscription

    services.subscribe(resident)
    client.force_login(resident)
    assert client.post("/fr/selfcare/account/delete/", {"password": "nope", "confirm": "on"}).status_code == 200
    response = client.post("/fr/selfcare/account/delete/", {"password": "Correct-Horse-42", "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(email="student@etu.test").exists()
    assert not PrivateWifiSubscription.objects.exists()


def test_faq_in_reader_language_or_french(client, resident):
    from planetcampus.selfcare.models import FaqEntry

    entry = FaqEntry.objects.create(slug="key", position=1)
    entry.translations.create(language="fr", question="Où est ma clé ?", answer="Dans l'onglet WiFi privé.")
    entry.translations.create(language="de", question="Wo ist mein Schlüssel?", answer="Im Reiter Privates WLAN.")
    client.force_login(resident)

    assert "Wo ist mein Schlüssel?" in client.get("/de/selfcare/help/").content.decode()
    assert "Où est ma clé ?" in client.get("/es/selfcare/help/").content.decode()


def test_staff_download_the_keys_of_their_residences_only(client_for, resident, frozen, estate):
    subscription = services.subscribe(resident)

    text = client_for("manager").get("/fr/selfcare/staff/lyon-a/wpa_psk_file").content.decode()
    assert f"keyid=pc-{subscription.pk} vlanid={subscription.vlan} 00:00:00:00:00:00 {subscription.key}\n" in text
    assert client_for("outsider").get("/fr/selfcare/staff/lyon-a/wpa_psk_file").status_code == 404
    assert client_for("outsider").get("/fr/selfcare/staff/lyon-a/").status_code == 404
    assert client_for("resident").get("/fr/selfcare/staff/lyon-a/wpa_psk_file").status_code == 403


def test_a_manager_sets_the_validity_of_a_subscription_in_scope(client_for, resident, frozen):
    subscription = services.subscribe(resident)
    response = client_for("manager").post(f"/fr/selfcare/staff/subscriptions/{subscription.pk}/validity/",
                                          {"valid_until": "2026-12-31"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert str(subscription.valid_until) == "2026-12-31"
    assert client_for("outsider").post(f"/fr/selfcare/staff/subscriptions/{subscription.pk}/validity/",
                                       {"valid_until": "2027-12-31"}).status_code == 404


def test_the_export_command_writes_only_active_keys(resident, estate, frozen, tmp_path, capsys):
    subscription = services.subscribe(resident)
    call_command("export_wpa_psk_file", "lyon-a", output=str(tmp_path / "psk"))
    text = (tmp_path / "psk").read_text()
    assert subscription.key in text
    assert oct((tmp_path / "psk").stat().st_mode)[-3:] == "600"

    services.cancel(subscription, actor=resident)
    call_command("export_wpa_psk_file", "lyon-a")
    assert subscription.key not in capsys.readouterr().out


def test_the_operator_edits_faq_translations_in_the_back_office(client_for):
    client = client_for("operator")
    assert client.get("/fr/admin/selfcare/faqentry/add/").status_code == 200
    response = client.post("/fr/admin/selfcare/faqentry/add/", {
        "slug": "roaming", "position": 3, "published": "on",
        "translations-TOTAL_FORMS": "2", "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "1", "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": "fr", "translations-0-question": "Et eduroam ?", "translations-0-answer": "Oui.",
        "translations-1-language": "zh-hans", "translations-1-question": "eduroam 呢？", "translations-1-answer": "可以。",
    })
    assert response.status_code == 302
    from planetcampus.selfcare.models import FaqEntry

    assert FaqEntry.objects.get(slug="roaming").text_for("zh-hans").question == "eduroam 呢？"


def test_the_wifi_qr_payload_escapes_reserved_characters():
    from planetcampus.selfcare.qrcode import wifi_payload

    assert wifi_payload('Café;"Prive":1', "AB,C\\D") == 'WIFI:T:WPA;S:Café\\;\\"Prive\\"\\:1;P:AB\\,C\\\\D;;'
