"""Checks on URLs that come from outside: no open redirect, no odd schemes."""

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme

MAX_URL_LENGTH = 2000


def clean_original_url(url: str) -> str:
    """Return the gateway's original URL if it is a plain http(s) URL, else "".

    Rejected: other schemes (javascript:, data:), missing host, user
    information (http://bank.example@evil.example/), control characters and
    very long values.
    """
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH or any(ord(char) < 32 or ord(char) == 127 for char in url):
        return ""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username or parts.password or "\\" in url:
        return ""
    return url


def same_site_path(request, url: str) -> str:
    """Return `url` if it stays on this site, else ""."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""
