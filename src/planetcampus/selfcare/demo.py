"""Self-care demo: the FAQ, and the demo student subscribed to private WiFi with two weeks of usage.

The usage goes through the AAA back end's own accounting code, so the
chart shows what a real NAS's Accounting-Requests would produce.
"""

from datetime import date, timedelta

from django.db import transaction

from planetcampus.core.clock import local_today, now
from planetcampus.selfcare.faq_seed import seed_faq

DEMO_STUDENT = "etudiant@demo.planetcampus.fr"
DEMO_DEVICES = [("3c:22:fb:41:07:9a", "MacBook Pro de Marjolaine"), ("0e:23:45:6a:02:0e", "iPhone de Marjolaine"),
                ("a4:5e:60:c2:11:3b", "Console")]


def load(stdout):
    created = seed_faq()
    stdout.write(f"Self-care: {created} FAQ text(s) added\n")
    with transaction.atomic():
        subscription = _demo_subscription()
    if subscription is None:
        stdout.write("Self-care: no demo residence with a private SSID, no demo subscription\n")
        return
    _demo_usage(subscription)
    stdout.write(f"Self-care: {DEMO_STUDENT} has private WiFi in {subscription.residence.name} "
                 f"(key {subscription.key}, VLAN {subscription.vlan})\n")


def _demo_subscription():
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User
    from planetcampus.estate.models import Residence
    from planetcampus.selfcare import services

    student = User.objects.filter(email=DEMO_STUDENT).first()
    residence = (Residence.objects.filter(ssids__purpose="private", nas_devices__active=True)
                 .order_by("code").distinct().first())
    if student is None or residence is None:
        return None
    if not residence.private_wifi_enabled:
        residence.private_wifi_enabled = True
        residence.save(update_fields=["private_wifi_enabled"])
    if getattr(student, "resident", None) is None:
        today = local_today()
        Resident.objects.create(residence=residence, external_id="DEMO-SELFCARE-1", last_name=student.last_name,
                                first_name=student.first_name, email=student.email, user=student,
                                arrival_on=today - timedelta(days=60),
                                departure_on=date(today.year + (today.month >= 7), 6, 30))
        student.refresh_from_db()
    existing = getattr(student, "private_wifi", None)
    if existing is not None and existing.cancelled_at is None:
        return existing
    subscription = services.subscribe(student)
    # Backdate the subscription so the demo chart covers the two weeks of usage below.
    subscription.subscribed_at = subscription.key_changed_at = now() - timedelta(days=20)
    subscription.save(update_fields=["subscribed_at", "key_changed_at"])
    return subscription


def _demo_usage(subscription):
    """Feed fourteen evenings of sessions per device through aaa.accounting.record_packet."""
    from planetcampus.aaa.accounting import record_packet
    from planetcampus.aaa.models import DailyUsage
    from planetcampus.aaa.nas_cache import nas_for_address

    if DailyUsage.objects.filter(user=subscription.user).exists():
        return
    nas = subscription.residence.nas_devices.filter(active=True).first()
    known = nas_for_address(nas.ip_address)
    start = now().replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(days=14)
    for index, (mac, name) in enumerate(DEMO_DEVICES):
        for day in range(14):
            begin = start + timedelta(days=day, minutes=37 * index)
            packet = {"Acct-Session-Id": f"demo-{index}-{day}", "Acct-Unique-Session-Id": f"demo-selfcare-{index}-{day}",
                      "User-Name": mac.replace(":", ""), "Calling-Station-Id": mac.replace(":", "-").upper(),
                      "Called-Station-Id": "02-00-00-00-00-01:PlanetCampus-Prive",
                      "Class": f"pc:{subscription.user_id}:demo"}
            record_packet(known, {**packet, "Acct-Status-Type": "Start"}, received_at=begin)
            volume = (index + 1) * 90_000_000 + day * 7_000_000 * (index + 1)
            record_packet(known, {**packet, "Acct-Status-Type": "Stop", "Acct-Session-Time": "14400",
                                  "Acct-Input-Octets": str(volume // 8), "Acct-Output-Octets": str(volume)},
                          received_at=begin + timedelta(hours=4))
    subscription.user.devices.filter(mac__in=[mac for mac, _name in DEMO_DEVICES]).update(last_ssid_purpose="private")
    for mac, name in DEMO_DEVICES:
        subscription.user.devices.filter(mac=mac, name="").update(name=name)
