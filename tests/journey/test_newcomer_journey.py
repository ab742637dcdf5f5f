"""A newcomer's journey through the whole platform, on real servers.

Order of the story (the residence switches first, as it must: the portal
and the AAA back end refuse a residence still on the former SmartCampus
offer):

1. September 2026, clock frozen: the rollout history makes Résidence
   Benjamin Delessert (Lyon, on SmartCampus) compatible on 2 September;
   its residents come from the housing export. The worker runs the monthly
   cycle: selection on the 10th at 18:05 (list to the CROUS IT contacts),
   manager e-mail at D-7, residents' SMS on D-day at 07:05, checklist done
   by the technician, "done" SMS at 15:05. The e-mails reach a real
   aiosmtpd server and the SMS a local HTTP SMS gateway, both started here.
2. Today, real clock: a newcomer is added to the housing export and gets a
   resident code. Her phone joins the captive SSID, and the CoovaChilli
   gateway of the residence redirects Chromium (Chinese locale) to the
   portal. She types the code and creates her account. The hand-back to the
   gateway carries one-time credentials, which the gateway (radclient)
   sends to the real FreeRADIUS: Access-Accept.
3. In self-care she subscribes to private WiFi; her laptop joins the private
   SSID with the key (a WPA handshake in the Access-Request): the Accept
   carries the key and VLAN in the attributes of the gateway's vendor.
4. Accounting Start, Interim-Update and Stop for both devices; self-care
   shows both devices and their consumption.
5. The residence manager signs in to the center and sees the newcomer.
6. A month of probe samples (November 2026) is ingested; the month's SLA
   report shows the residence.
"""

import csv
import os
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from urllib.parse import urlsplit

import pytest
import time_machine

from planetcampus.core.clock import PARIS
from tests.conftest import PASSWORD
from tests.journey.gateway import CoovaGateway
from tests.messaging.servers import SmsGateway, SmtpServer
from tests.selfcare.radius_support import AP_MAC, handshake_attributes
from tests.support.browser import DESKTOP, PHONE, screenshot
from tests.support.freeradius import freeradius  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's sync API keeps an event loop in this thread; the ORM calls
# here run between browser steps, never inside them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

NAS_ID = "delessert-gw1"
CAPTIVE_SSID = "PlanetCampus"
PRIVATE_SSID = "PlanetCampus-Prive"
PHONE_MAC = "0e:23:45:6a:02:0e"     # a randomised address, as phones use
LAPTOP_MAC = "3c:22:fb:12:34:56"
NEWCOMER_EMAIL = "wang.fang@etu.test"
NEWCOMER_PASSWORD = "Velo-Rouge-Lyon-2026"
MANAGER_EMAIL = "gestion.delessert@crous-lyon.test"
SWITCH_ON = date(2026, 10, 1)
HOUSING_HEADER = "Identifiant;Nom;Prénom;Logement;Date d'arrivée;Date de départ;Téléphone;Email;Langue\n"


def paris(day, hour, minute=0):
    return datetime.combine(day, clock_time(hour, minute), tzinfo=PARIS)


@pytest.fixture
def residence(estate, personas):
    """Résidence Benjamin Delessert with the NAS radclient plays (127.0.0.1), its SSIDs and a manager.

    Requested before `freeradius`, so the RADIUS clients are written with this NAS.
    """
    from planetcampus.accounts.models import StaffRole, User
    from planetcampus.estate.models import DsiContact, Nas, Residence, Ssid

    # The shared estate gives 127.0.0.1 to Lyon A's gateway: move it aside.
    Nas.objects.filter(identifier="lyon-a-gw1").update(ip_address="127.0.0.9")
    delessert = estate["lyon_b"]
    Residence.objects.filter(pk=delessert.pk).update(backhaul="fibre", fibred_dwellings=80, private_wifi_enabled=True)
    Nas.objects.create(residence=delessert, identifier=NAS_ID, ip_address="127.0.0.1", vendor="coovachilli",
                       secret_ref=NAS_ID)
    Ssid.objects.create(residence=delessert, name=CAPTIVE_SSID, purpose="captive")
    Ssid.objects.create(residence=delessert, name=PRIVATE_SSID, purpose="private")
    DsiContact.objects.create(crous=estate["lyon"], name="DSI Lyon", email="dsi-liste@crous-lyon.test")
    manager = User.objects.create_user(MANAGER_EMAIL, PASSWORD, kind=User.Kind.STAFF, first_name="Claire",
                                       last_name="Morel")
    StaffRole.objects.create(user=manager, role="manager").residences.set([delessert])
    delessert.refresh_from_db()
    return delessert


@pytest.fixture
def transports(settings):
    """A real SMTP server (aiosmtpd) and an HTTP SMS gateway on loopback."""
    with SmtpServer() as smtp, SmsGateway() as sms:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = smtp.port
        settings.SMS_BACKEND = "http"
        settings.SMS_HTTP_URL = sms.url
        settings.SMS_HTTP_TOKEN = sms.token
        yield smtp, sms


@pytest.fixture
def gateway(live_server):
    coova = CoovaGateway(live_server.url, nas_id=NAS_ID, ssid=CAPTIVE_SSID)
    yield coova
    coova.stop()


@pytest.fixture
def samples_dir(settings, tmp_path):
    settings.REPORTING_SAMPLES_DIR = str(tmp_path / "samples")
    return tmp_path


def test_newcomer_journey(residence, freeradius, transports, gateway, samples_dir, chromium, live_server, personas):
    smtp, sms = transports

    switch_over_with_the_monthly_cycle(residence, personas["operator"], smtp, sms)

    code = import_newcomer(residence)
    context = chromium.new_context(viewport=PHONE, locale="zh-CN")
    # Nothing may leave the machine: only loopback requests go through.
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname in {
        "127.0.0.1", "localhost"} else route.abort())
    page = context.new_page()
    phone_class = sign_up_through_the_portal(page, gateway, freeradius, code, live_server)

    key = subscribe_to_private_wifi(page, live_server)
    laptop_class = join_private_ssid(freeradius, key)
    account_both_devices(freeradius, phone_class, laptop_class)
    see_devices_and_consumption(page, live_server)
    context.close()

    manager_sees_the_newcomer(chromium, live_server, residence)
    report_shows_the_residence(chromium, live_server, residence, samples_dir)


# 1. The switch-over -------------------------------------------------------

def switch_over_with_the_monthly_cycle(residence, operator, smtp, sms):
    from planetcampus.center.services.housing_import import HousingExportImporter
    from planetcampus.estate.models import Residence
    from planetcampus.messaging.worker import Worker
    from planetcampus.rollout.eligibility import criteria_for
    from planetcampus.rollout.services import record_change
    from planetcampus.switchover import checklist
    from planetcampus.switchover.models import Entry, Notice
    from planetcampus.switchover.planning import planned_date

    with time_machine.travel(paris(date(2026, 9, 1), 9), tick=False) as traveller:
        housing = HOUSING_HEADER + (
            "LB-001;MARTIN;Léa;B12;01/09/2026;30/06/2027;06 12 34 56 78;lea.martin@etu.test;fr\n"
            "LB-002;SCHMIDT;Jonas;B14;01/09/2026;30/06/2027;+49 151 23456789;jonas.schmidt@etu.test;de\n")
        report = HousingExportImporter(residence, "export-delessert.csv", housing.encode()).run()
        assert report.created == 2

        # The deck's three criteria, from the dated rollout history.
        record_change(residence, "contract", "planetcampus", date(2026, 7, 20))
        record_change(residence, "target_bandwidth", "not_needed", date(2026, 8, 10))
        record_change(residence, "worksite", "works", date(2026, 8, 10))
        record_change(residence, "worksite", "delivered", date(2026, 9, 2))
        criteria = criteria_for([residence], as_of=date(2026, 9, 10))[residence.pk]
        assert criteria.compatible and criteria.compatible_since == date(2026, 9, 2), criteria.blocking

        worker = Worker()
        for moment in (paris(date(2026, 9, 10), 18, 5), paris(date(2026, 9, 24), 9, 5),
                       paris(SWITCH_ON, 7, 5)):
            traveller.move_to(moment)
            worker.turn()
        assert planned_date(residence) == SWITCH_ON

        # The technician ticks the checklist on D-day morning.
        traveller.move_to(paris(SWITCH_ON, 9, 30))
        for kind in checklist.ORDER:
            checklist.do_step(residence, kind, actor=operator)
        traveller.move_to(paris(SWITCH_ON, 15, 5))
        worker.turn()

    switched = Residence.objects.get(pk=residence.pk)
    assert (switched.offer, switched.switched_over_on) == ("planetcampus", SWITCH_ON)
    assert Entry.objects.get(residence=residence).wave.switch_on == SWITCH_ON

    # E-mails: the list to the CROUS IT contacts (CSV and XLSX) and the manager's notice.
    wait_until(lambda: smtp.recorder.count() >= 2, "two e-mails at the SMTP server")
    mails = {message["To"]: message for message in smtp.recorder.messages}
    assert set(mails) == {"dsi-liste@crous-lyon.test", MANAGER_EMAIL}
    attachments = sorted(part.get_filename() for part in mails["dsi-liste@crous-lyon.test"].iter_attachments())
    assert attachments == ["bascule-2026-10-lyon.csv", "bascule-2026-10-lyon.xlsx"]
    assert f"/fr/center/residences/{residence.code}/onboarding/" in mails[MANAGER_EMAIL].get_body(("plain",)).get_content()

    # SMS: morning and afternoon, to both residents, each in their language.
    texts = sorted((to, text) for _id, to, text in sms.accepted)
    assert [to for to, _text in texts] == ["33612345678", "33612345678", "4915123456789", "4915123456789"]
    assert any("aujourd'hui" in text for to, text in texts if to == "33612345678")
    assert any("heute" in text for to, text in texts if to == "4915123456789")
    assert Notice.objects.filter(kind=Notice.Kind.RESIDENT_DONE, message__status="sent").count() == 2


# 2. The portal and the captive SSID --------------------------------------

def import_newcomer(residence) -> str:
    from planetcampus.access.models import Resident
    from planetcampus.center.services.housing_import import HousingExportImporter
    from planetcampus.core.clock import local_today

    today = local_today()
    row = (f"LB-003;WANG;Fang;B21;{today:%d/%m/%Y};30/06/2027;07 52 34 56 78;{NEWCOMER_EMAIL};zh\n")
    report = HousingExportImporter(residence, "export-delessert-2.csv", (HOUSING_HEADER + row).encode()).run()
    assert report.codes_created == 1
    newcomer = Resident.objects.get(external_id="LB-003")
    assert newcomer.code.kind == "resident"
    assert newcomer.code.residence_id == residence.pk
    return newcomer.code.code


def sign_up_through_the_portal(page, gateway, freeradius, code, live_server) -> str | None:
    from planetcampus.access.models import Resident

    page.goto(gateway.redirect_url(PHONE_MAC))
    assert "/zh-hans/portal/" in page.url, page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "连接码" in page.inner_text("body")
    screenshot(page, "journey-01-portal-zh")

    page.fill("#id_code", code[:4].lower() + " " + code[4:])
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/zh-hans/portal/account/**")
    page.fill("#id_last_name", "Wang")
    page.fill("#id_first_name", "Fang")
    page.fill("#id_email", NEWCOMER_EMAIL)
    page.fill("#id_email2", NEWCOMER_EMAIL)
    page.fill("#id_password1", NEWCOMER_PASSWORD)
    page.fill("#id_password2", NEWCOMER_PASSWORD)
    page.check("#id_terms")
    screenshot(page, "journey-02-account-zh")
    # The portal redirects the browser to the gateway, which keeps the request open until RADIUS replies.
    page.locator("form.card button[type=submit]").click(no_wait_after=True)

    # The gateway received the hand-back and sends an Access-Request, as CoovaChilli does.
    # Playwright serves the context's routes only while it runs, so wait inside Playwright.
    wait_until(lambda: gateway.logons, "the hand-back at the gateway", pause=page.wait_for_timeout)
    username, password = gateway.logons[-1]
    reply = freeradius.radclient({
        "User-Name": username, "User-Password": password, "Calling-Station-Id": PHONE_MAC.replace(":", "-").upper(),
        "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:{CAPTIVE_SSID}", "NAS-Identifier": NAS_ID,
        "NAS-Port-Type": "Wireless-802.11", "Framed-IP-Address": "10.1.0.23"}, timeout=10)
    assert reply.code == "Access-Accept", reply.output + freeradius.log()[-3000:]
    gateway.accept(PHONE_MAC)
    page.wait_for_url("**/selfcare/**")
    screenshot(page, "journey-03-selfcare-zh")

    newcomer = Resident.objects.select_related("user").get(external_id="LB-003")
    assert newcomer.user is not None
    assert newcomer.user.email == NEWCOMER_EMAIL
    assert newcomer.code.redeemed_by_id == newcomer.user_id
    return reply.get("Class")


# 3. Private WiFi -----------------------------------------------------------

def subscribe_to_private_wifi(page, live_server) -> str:
    from planetcampus.selfcare.models import PrivateWifiSubscription

    page.goto(f"{live_server.url}/zh-hans/selfcare/")
    page.get_by_role("link", name="免费订阅").click()
    page.locator("#id_accept_contract").check()
    page.get_by_role("button", name="免费订阅").click()
    subscription = PrivateWifiSubscription.objects.get(user__email=NEWCOMER_EMAIL)
    assert page.locator("#wifi-key").input_value() == subscription.key
    screenshot(page, "journey-04-private-wifi-zh")
    return subscription.key


def join_private_ssid(freeradius, key) -> str | None:
    """The laptop types the key: the gateway sends its handshake (message 2) to RADIUS."""
    from planetcampus.selfcare.models import PrivateWifiSubscription

    dashed = LAPTOP_MAC.replace(":", "-").upper()
    reply = freeradius.radclient({
        "User-Name": LAPTOP_MAC.replace(":", ""), "User-Password": LAPTOP_MAC.replace(":", ""),
        "Calling-Station-Id": dashed, "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:{PRIVATE_SSID}",
        "NAS-Identifier": NAS_ID, **handshake_attributes(key, PRIVATE_SSID, LAPTOP_MAC)}, timeout=10)

    assert reply.code == "Access-Accept", reply.output + freeradius.log()[-3000:]
    subscription = PrivateWifiSubscription.objects.get(user__email=NEWCOMER_EMAIL)
    # CoovaChilli, like hostapd, reads the key from RFC 2868 Tunnel-Password.
    assert reply.get("Tunnel-Password:0") == key
    assert reply.get("Tunnel-Private-Group-Id:0") == str(subscription.vlan)
    return reply.get("Class")


# 4. Accounting -------------------------------------------------------------

def account_both_devices(freeradius, phone_class, laptop_class):
    from planetcampus.aaa.models import AccountingSession, DailyUsage

    sessions = [("J0000001", PHONE_MAC, CAPTIVE_SSID, phone_class, "10.1.0.23", 30_000_000, 250_000_000),
                ("J0000002", LAPTOP_MAC, PRIVATE_SSID, laptop_class, "10.20.0.17", 120_000_000, 900_000_000)]
    for session_id, mac, ssid, klass, address, sent, received in sessions:
        base = {"Acct-Session-Id": session_id, "User-Name": mac.replace(":", ""),
                "Calling-Station-Id": mac.replace(":", "-").upper(), "NAS-Identifier": NAS_ID,
                "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:{ssid}", "NAS-IP-Address": "127.0.0.1",
                "Framed-IP-Address": address}
        if klass:
            base["Class"] = klass
        for status, share, seconds in (("Start", 0, 0), ("Interim-Update", 2, 600), ("Stop", 4, 1200)):
            counters = {} if status == "Start" else {
                "Acct-Input-Octets": sent * share // 4, "Acct-Output-Octets": received * share // 4,
                "Acct-Session-Time": seconds}
            reply = freeradius.radclient({"Acct-Status-Type": status, **base, **counters}, kind="acct", timeout=10)
            assert reply.code == "Accounting-Response", reply.output + freeradius.log()[-3000:]

    wait_until(lambda: AccountingSession.objects.filter(acct_session_id__in=["J0000001", "J0000002"],
                                                        stopped_at__isnull=False).count() == 2,
               "both accounting sessions stopped", seconds=30, diagnosis=freeradius.log)
    usage = {row.device.mac: row.input_octets + row.output_octets
             for row in DailyUsage.objects.select_related("device").filter(user__email=NEWCOMER_EMAIL)}
    assert usage == {PHONE_MAC: 280_000_000, LAPTOP_MAC: 1_020_000_000}


def see_devices_and_consumption(page, live_server):
    page.goto(f"{live_server.url}/zh-hans/selfcare/wifi/")
    legend = page.locator("ul li[data-device]")
    volumes = sorted(int(item.get_attribute("data-octets")) for item in legend.all())
    assert volumes == [280_000_000, 1_020_000_000], volumes
    text = page.inner_text("body")
    assert LAPTOP_MAC.upper() in text
    screenshot(page, "journey-05-devices-consumption-zh")


# 5. The manager ------------------------------------------------------------

def staff_page(chromium, live_server, email):
    context = chromium.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.inner_text("body")[:500]
    return page


def manager_sees_the_newcomer(chromium, live_server, residence):
    page = staff_page(chromium, live_server, MANAGER_EMAIL)
    page.goto(f"{live_server.url}/fr/center/residences/{residence.code}/residents/")
    row = page.locator("tr", has_text="WANG")
    assert row.count() == 1, page.inner_text("body")[:1500]
    assert "Fang" in row.inner_text()
    screenshot(page, "journey-06-manager-residents")
    page.context.close()


# 6. The month's report -----------------------------------------------------

def report_shows_the_residence(chromium, live_server, residence, samples_dir):
    from planetcampus.reporting.ingest import ingest_file

    path = samples_dir / "probes-2026-11.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["residence", "timestamp", "reachable", "latency_ms", "throughput_mbps"])
        moment, end = paris(date(2026, 11, 1), 0).astimezone(UTC), paris(date(2026, 12, 1), 0).astimezone(UTC)
        index = 0
        while moment < end:
            # One outage of an hour on the 12th; every other sample is reachable.
            down = paris(date(2026, 11, 12), 3) <= moment < paris(date(2026, 11, 12), 4)
            writer.writerow([residence.code, moment.isoformat(), 0 if down else 1, "" if down else 8 + index % 5,
                             "" if down else 60 + index % 7])
            moment += timedelta(minutes=3)
            index += 1
    result = ingest_file(path)
    assert result.added == 30 * 24 * 20

    page = staff_page(chromium, live_server, MANAGER_EMAIL)
    page.goto(f"{live_server.url}/fr/reporting/?month=2026-11")
    assert residence.name in page.inner_text("body")
    screenshot(page, "journey-07-report")
    page.goto(f"{live_server.url}/fr/reporting/residence/{residence.code}/?month=2026-11")
    assert residence.name in page.inner_text("body")
    page.context.close()


def wait_until(condition, expected: str, seconds=15, pause=None, diagnosis=lambda: ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        pause(100) if pause else time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {expected}\n{diagnosis()[-3000:]}")
