"""SMS gateways: a file and a console back end for the demo, and an HTTP one.

Every gateway sends with the message's own id (Message.external_id) and can
look a message up by that id, which is how a worker that crashed between the
gateway's acceptance and its own commit finds out, on restart, whether the
SMS already left (see delivery.recover).

The HTTP gateway speaks the JSON shape of the Infobip SMS API v3:
POST {SMS_HTTP_URL}/sms/3/messages with "Authorization: App {SMS_HTTP_TOKEN}"
and a body {"messages": [{"sender", "destinations": [{"to", "messageId"}],
"content": {"text"}}]}; GET {SMS_HTTP_URL}/sms/3/logs?messageId=... lists a
message the platform accepted. Infobip takes the number without its "+".
"""

import json
import logging
import os
import sys
from pathlib import Path

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 10


class SendFailed(Exception):
    """The gateway did not take the message; `permanent` says whether retrying can help."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class FileGateway:
    """Write each SMS as a JSON file named by its id (the demo's default)."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or settings.SMS_FILE_PATH)

    def _path(self, message) -> Path:
        return self.directory / f"{message.external_id}.json"

    def send(self, message) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = {"id": message.external_id, "from": settings.SMS_SENDER, "to": message.to, "text": message.body}
        temporary = self._path(message).with_suffix(".tmp")
        temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        # rename is atomic: the file is either absent or complete, never half written.
        os.replace(temporary, self._path(message))
        return message.external_id

    def lookup(self, message) -> str | None:
        return message.external_id if self._path(message).exists() else None


class ConsoleGateway:
    """Print each SMS on standard output."""

    def send(self, message) -> str:
        sys.stdout.write(f"SMS {settings.SMS_SENDER} → {message.to} [{message.external_id}]: {message.body}\n")
        sys.stdout.flush()
        return message.external_id

    def lookup(self, message) -> str | None:
        # NOTE: the console keeps no record, so a message caught mid-send by a
        # crash is printed again on restart.
        return None


class HttpGateway:
    """Infobip SMS API v3 over HTTPS."""

    def __init__(self, base_url: str | None = None, token: str | None = None, sender: str | None = None):
        self.base_url = (base_url or settings.SMS_HTTP_URL).rstrip("/")
        self.token = token if token is not None else settings.SMS_HTTP_TOKEN
        self.sender = sender or settings.SMS_SENDER
        if not self.base_url:
            raise SendFailed("SMS_HTTP_URL is missing: set the gateway's base URL.", permanent=True)
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"App {self.token}", "Accept": "application/json"})

    def send(self, message) -> str:
        body = {"messages": [{
            "sender": self.sender,
            "destinations": [{"to": message.to.lstrip("+"), "messageId": message.external_id}],
            "content": {"text": message.body},
        }]}
        try:
            response = self.session.post(f"{self.base_url}/sms/3/messages", json=body, timeout=HTTP_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise SendFailed(f"SMS gateway unreachable: {error}") from error
        return self._accepted_id(message, response)

    def _accepted_id(self, message, response) -> str:
        if response.status_code == 429 or response.status_code >= 500:
            raise SendFailed(f"SMS gateway answered HTTP {response.status_code}; will retry.")
        if response.status_code >= 400:
            raise SendFailed(f"SMS gateway rejected the request: HTTP {response.status_code} {response.text[:300]}",
                             permanent=True)
        try:
            accepted = response.json()["messages"][0]
        except (ValueError, KeyError, IndexError) as error:
            raise SendFailed(f"SMS gateway reply is not understood: {response.text[:300]}") from error
        group = (accepted.get("status") or {}).get("groupName", "")
        if group == "REJECTED":
            raise SendFailed(f"SMS gateway rejected the message: {accepted.get('status')}", permanent=True)
        return accepted.get("messageId") or message.external_id

    def lookup(self, message) -> str | None:
        try:
            response = self.session.get(f"{self.base_url}/sms/3/logs", params={"messageId": message.external_id},
                                        timeout=HTTP_TIMEOUT_SECONDS)
            response.raise_for_status()
            results = response.json().get("results", [])
        except (requests.RequestException, ValueError) as error:
            # Unknown is not "absent": the caller must not resend on a failed lookup.
            raise SendFailed(f"SMS gateway log lookup failed: {error}") from error
        return results[0].get("messageId", message.external_id) if results else None


def gateway():
    """Return the gateway that SMS_BACKEND names."""
    backend = settings.SMS_BACKEND
    if backend == "http":
        return HttpGateway()
    if backend == "console":
        return ConsoleGateway()
    return FileGateway()
