"""Rate limits and lockouts kept in Django's cache.

The cache is the database cache in the demo and Redis when REDIS_URL is
set, so every web worker sees the same counters. A counter lives for its
window from its first hit (a fixed window): simple, and an attacker gains
at most twice the limit across a window edge.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, subject: str) -> str:
    # Hashing keeps e-mail addresses out of cache keys and keys short.
    digest = hashlib.sha256(subject.lower().encode()).hexdigest()[:32]
    return f"portal:{scope}:{digest}"


def count(scope: str, subject: str) -> int:
    if not subject:
        return 0
    return int(cache.get(_key(scope, subject), 0))


def hit(scope: str, subject: str, window_seconds: int) -> int:
    """Add one to the counter of (scope, subject) and return the new value."""
    if not subject:
        return 0
    key = _key(scope, subject)
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(): start a new window.
        cache.set(key, 1, window_seconds)
        return 1


def over(scope: str, subjects_and_limits: list[tuple[str, int]]) -> bool:
    """True when any subject's counter has reached its limit."""
    return any(subject and count(scope, subject) >= limit for subject, limit in subjects_and_limits)


def reset(scope: str, subject: str) -> None:
    if subject:
        cache.delete(_key(scope, subject))
