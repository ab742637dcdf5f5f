"""Real servers the messaging tests talk to: an SMTP server (aiosmtpd) and an SMS gateway over HTTP.

Both listen on 127.0.0.1 on a port chosen at run time and record what they
accept. The SMS gateway speaks the Infobip SMS API v3 shape that
messaging.sms.HttpGateway implements.
"""

import email
import json
import socket
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpRecorder:
    """aiosmtpd handler that keeps each accepted message, parsed."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        # Called with the envelope before a message is accepted; may raise or kill.
        self.before_rcpt = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.before_rcpt is not None:
            self.before_rcpt(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message["Message-ID"] for message in self.messages]


class SmtpServer:
    def __init__(self):
        self.recorder = SmtpRecorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class SmsGateway:
    """Infobip-shaped SMS API: POST /sms/3/messages and GET /sms/3/logs."""

    def __init__(self, token="test-token"):
        self.token = token
        self.accepted = []  # (messageId, to, text)
        self.lock = threading.Lock()
        self.after_accept = None  # called with the message id once recorded
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _authorised(self):
                return self.headers.get("Authorization") == f"App {gateway.token}"

            def do_POST(self):
                if not self._authorised():
                    return self._reply(401, {"requestError": {"serviceException": {"messageId": "UNAUTHORIZED"}}})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                replies = []
                for message in body["messages"]:
                    for destination in message["destinations"]:
                        with gateway.lock:
                            gateway.accepted.append((destination["messageId"], destination["to"],
                                                     message["content"]["text"]))
                        replies.append({"messageId": destination["messageId"], "destination": destination["to"],
                                        "status": {"groupId": 1, "groupName": "PENDING", "name": "PENDING_ACCEPTED"}})
                if gateway.after_accept is not None:
                    gateway.after_accept(replies[0]["messageId"])
                self._reply(200, {"bulkId": "bulk-1", "messages": replies})

            def do_GET(self):
                if not self._authorised():
                    return self._reply(401, {})
                url = urlparse(self.path)
                wanted = parse_qs(url.query).get("messageId", [""])[0]
                with gateway.lock:
                    found = [{"messageId": message_id, "destination": to} for message_id, to, _text
                             in gateway.accepted if message_id == wanted]
                self._reply(200, {"results": found})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def ids(self) -> list[str]:
        with self.lock:
            return [message_id for message_id, _to, _text in self.accepted]
