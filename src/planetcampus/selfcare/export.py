"""The "download my data" file (GDPR article 20): everything stored about one account."""

from planetcampus.core.clock import now
from planetcampus.core.models import AuditEvent


def personal_data(user) -> dict:
    from planetcampus.aaa.models import AccountingSession, DailyUsage, Device

    resident = getattr(user, "resident", None)
    subscription = getattr(user, "private_wifi", None)
    return {
        "generated_at": now().isoformat(),
        "account": {
            "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "phone": user.phone, "language": user.language, "kind": user.kind,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "housing": None if resident is None else {
            "residence": resident.residence.name, "dwelling": str(resident.dwelling.number) if resident.dwelling else None,
            "first_name": resident.first_name, "last_name": resident.last_name, "email": resident.email,
            "phone": resident.phone, "arrival_on": resident.arrival_on, "departure_on": resident.departure_on,
        },
        "connection_codes": [
            {"code": code.code, "kind": code.kind, "valid_from": code.valid_from, "valid_until": code.valid_until,
             "redeemed_at": code.redeemed_at}
            for code in user.connection_codes.all()
        ],
        "private_wifi": None if subscription is None else {
            "residence": subscription.residence.name, "key": subscription.key, "vlan": subscription.vlan,
            "subscribed_at": subscription.subscribed_at, "key_changed_at": subscription.key_changed_at,
            "valid_until": subscription.valid_until, "cancelled_at": subscription.cancelled_at,
            "registered_devices": [
                {"mac": device.mac, "name": device.name, "source": device.source, "added": device.created_at}
                for device in subscription.bound_devices.all()
            ],
        },
        "devices": [
            {"mac": device.mac, "name": device.name, "randomised": device.randomised,
             "first_seen": device.first_seen, "last_seen": device.last_seen, "network": device.last_ssid_purpose}
            for device in Device.objects.filter(user=user)
        ],
        "daily_usage": [
            {"day": row.day, "device": row.device.mac, "received_octets": row.input_octets,
             "sent_octets": row.output_octets}
            for row in DailyUsage.objects.filter(user=user).select_related("device").order_by("day")
        ],
        "sessions": [
            {"start": session.started_at, "end": session.stopped_at, "mac": session.mac, "ssid": session.ssid,
             "ip_address": session.framed_ip, "received_octets": session.input_octets,
             "sent_octets": session.output_octets}
            for session in AccountingSession.objects.filter(user=user).order_by("started_at")
        ],
        "actions": [
            {"at": event.created_at, "action": event.action, "data": event.data}
            for event in AuditEvent.objects.filter(actor=user).order_by("created_at")
        ],
    }
