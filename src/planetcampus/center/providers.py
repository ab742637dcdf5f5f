"""Calls from the center into other apps, kept in one module.

The rollout criteria, the switch-over planning, the monthly KPIs, the AAA
back end (devices, disconnects), the message outbox and self-care's private
WiFi are built by other apps. Each call goes through a function here, so a
page shows what is available when a provider is missing instead of failing,
and a provider's signature change touches one file.
"""

import importlib
import logging
from datetime import date

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class ProviderUnavailable(RuntimeError):
    """Raised when an action needs an app function that is not installed."""


def _function(module_name: str, name: str):
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None
        raise
    return getattr(module, name, None)


def _model(module_name: str, name: str):
    return _function(module_name, name)


# Residence status -----------------------------------------------------------

def switchover_criteria(residences) -> dict:
    """Return rollout criteria keyed by residence id, or {} before rollout exists."""
    criteria_for = _function("planetcampus.rollout.eligibility", "criteria_for")
    if criteria_for is None:
        return {}
    return criteria_for(list(residences))


def planned_switchover(residence) -> date | None:
    planned_date = _function("planetcampus.switchover.planning", "planned_date")
    return planned_date(residence) if planned_date else None


def last_month_kpis(residence) -> dict | None:
    summary = _function("planetcampus.reporting.kpis", "last_month_summary")
    return summary(residence) if summary else None


# AAA ------------------------------------------------------------------------

def device_model():
    return _model("planetcampus.aaa.models", "Device")


def devices_of(users):
    """Return a Device queryset for these users, or None before the AAA app lands."""
    Device = device_model()
    if Device is None:
        return None
    return Device.objects.filter(user__in=users)


def disconnect_user(user, *, reason: str) -> int:
    """End the user's open sessions; return the number of Disconnect-Requests sent."""
    disconnect = _function("planetcampus.aaa.services", "disconnect_user")
    if disconnect is None:
        # NOTE: without the AAA app there are no sessions to end; the access
        # right is still refused at the next authentication.
        logger.warning("disconnect of user %s skipped: aaa.services.disconnect_user is not installed", user.pk)
        return 0
    return disconnect(user, reason=reason)


# Messaging -------------------------------------------------------------------

def normalise_phone(text: str) -> str:
    """Return the E.164 form of a phone number or raise ValidationError."""
    normalise = _function("planetcampus.messaging.phone", "normalise_phone")
    if normalise is None:
        raise ProviderUnavailable(_("Phone numbers cannot be checked: the messaging app is not installed."))
    return normalise(text)


def enqueue_email(to, subject, body, *, attachments=(), key: str, language="fr"):
    enqueue = _function("planetcampus.messaging.outbox", "enqueue_email")
    if enqueue is None:
        raise ProviderUnavailable(_("E-mail sending is not available yet: the message outbox is not installed."))
    return enqueue(to, subject, body, attachments=attachments, key=key, language=language)


def enqueue_sms(to_e164, text, *, key: str, language="fr"):
    enqueue = _function("planetcampus.messaging.outbox", "enqueue_sms")
    if enqueue is None:
        raise ProviderUnavailable(_("SMS sending is not available yet: the message outbox is not installed."))
    return enqueue(to_e164, text, key=key, language=language)


# Self-care ---------------------------------------------------------------------

def end_private_wifi(user, last_day) -> int:
    """Make the user's private WiFi end with `last_day`; return how many subscriptions changed.

    Only subscriptions whose validity comes from the housing record follow
    it; a manager's explicit date stays. The departure is the authority, so
    a later departure in a new export extends the subscription as well as
    an earlier one shortens it.
    """
    Subscription = _model("planetcampus.selfcare.models", "PrivateWifiSubscription")
    if Subscription is None or user is None:
        return 0
    subscriptions = Subscription.objects.filter(user=user, validity_source="housing")
    return subscriptions.exclude(valid_until=last_day).update(valid_until=last_day)


def end_private_wifi_of_users(last_day_by_user: dict[int, object]) -> int:
    """Apply end_private_wifi to many accounts at once, one UPDATE per distinct departure day."""
    Subscription = _model("planetcampus.selfcare.models", "PrivateWifiSubscription")
    if Subscription is None or not last_day_by_user:
        return 0
    users_by_day: dict[object, list[int]] = {}
    for user_id, last_day in last_day_by_user.items():
        users_by_day.setdefault(last_day, []).append(user_id)
    changed = 0
    for last_day, user_ids in users_by_day.items():
        subscriptions = Subscription.objects.filter(user_id__in=user_ids, validity_source="housing")
        changed += subscriptions.exclude(valid_until=last_day).update(valid_until=last_day)
    return changed
