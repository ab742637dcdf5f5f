"""Disconnect or change sessions when a right ends or an offer changes.

- an account disabled (saved with is_active False) → Disconnect-Request
  for its open sessions;
- a connection code revoked (saved with revoked_at set) → the same for the
  account that redeemed it;
- an offer profile saved → CoA-Request with the new rates to the open
  sessions of that offer's residences.
The requests leave after the transaction commits, in a background thread
(RADIUS_DYNAUTH_IN_BACKGROUND, default on) so a NAS that does not respond
never holds up the page that made the change. Self-care calls
services.disconnect_device itself when a private key is reset.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models.signals import post_save

from planetcampus.aaa import attributes, services
from planetcampus.aaa.models import AccountingSession, OfferProfile

logger = logging.getLogger(__name__)


def run_after_commit(work, description: str) -> None:
    def start():
        if not getattr(settings, "RADIUS_DYNAUTH_IN_BACKGROUND", True):
            work()
            return
        threading.Thread(target=_in_thread, args=(work, description), daemon=True, name="aaa-dynauth").start()

    transaction.on_commit(start)


def _in_thread(work, description):
    try:
        work()
    except Exception:
        logger.exception("background %s failed", description)
    finally:
        close_old_connections()


def _user_saved(sender, instance, **kwargs):
    if instance.is_active or not _has_open_sessions(user=instance):
        return
    run_after_commit(lambda: services.disconnect_user(instance, reason="account disabled"), "disconnect")


def _code_saved(sender, instance, **kwargs):
    if instance.revoked_at is None or instance.redeemed_by_id is None:
        return
    if not _has_open_sessions(user_id=instance.redeemed_by_id):
        return
    user = instance.redeemed_by
    run_after_commit(lambda: services.disconnect_user(user, reason=f"code {instance.code} revoked"), "disconnect")


def _profile_saved(sender, instance, **kwargs):
    sessions = AccountingSession.objects.filter(stopped_at__isnull=True, nas__residence__offer=instance.offer,
                                                user__kind=instance.account_kind)
    if not sessions.exists():
        return

    def change():
        for session in sessions.select_related("nas"):
            reply = attributes.session_reply(vendor=session.nas.vendor, profile=instance, session_timeout=1)
            reply.pop("Session-Timeout")
            services.change_sessions(AccountingSession.objects.filter(pk=session.pk), reply, reason="offer changed")

    run_after_commit(change, "CoA")


def _has_open_sessions(**filters) -> bool:
    return AccountingSession.objects.filter(stopped_at__isnull=True, **filters).exists()


def connect() -> None:
    from django.contrib.auth import get_user_model

    from planetcampus.access.models import ConnectionCode

    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="aaa-disconnect-user")
    post_save.connect(_code_saved, sender=ConnectionCode, dispatch_uid="aaa-disconnect-code")
    post_save.connect(_profile_saved, sender=OfferProfile, dispatch_uid="aaa-coa-offer")
