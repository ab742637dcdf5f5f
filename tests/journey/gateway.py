"""A CoovaChilli gateway's UAM side on loopback: the redirect it builds and its /logon.

The redirect carries what CoovaChilli sends (res=notyet, uamip, uamport,
challenge, called, mac, ip, ssid, nasid, sessionid, userurl, and md when a
UAM secret is set). /logon decodes the PAP-encoded password with the
challenge, keeps the credentials for the test to send to RADIUS as the
gateway would, and holds the browser until the test reports RADIUS's
answer; then it sends the browser back with res=success or res=failed.
"""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

CHALLENGE = "5c1e0a3b9f7d24e8a6b0c3d5e7f91a2b"
CALLED = "02-00-00-00-00-01"


class CoovaGateway:
    def __init__(self, portal_url: str, *, nas_id: str, ssid: str):
        self.portal_url = portal_url
        self.nas_id = nas_id
        self.ssid = ssid
        self.logons: list[tuple[str, str]] = []
        self.answers: dict[str, threading.Event] = {}
        self.results: dict[str, str] = {}
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                gateway.logon(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def redirect_url(self, mac: str, *, client_ip: str = "10.1.0.23") -> str:
        """The URL the gateway sends an unauthenticated client to."""
        from planetcampus.portal import conf

        self.mac = mac.replace(":", "-").upper()
        query = {"res": "notyet", "uamip": "127.0.0.1", "uamport": str(self.port), "challenge": CHALLENGE,
                 "called": CALLED, "mac": self.mac, "ip": client_ip, "ssid": self.ssid, "nasid": self.nas_id,
                 "sessionid": "5f3e0001", "userurl": "http://example.org/"}
        url = f"{self.portal_url}/hotspot/?{urlencode(query)}"
        if conf.UAM_SECRET:
            url += "&md=" + hashlib.md5((url + conf.UAM_SECRET).encode()).hexdigest().upper()
        return url

    def logon(self, request):
        query = parse_qs(urlsplit(request.path).query)
        if urlsplit(request.path).path != "/logon" or "username" not in query:
            request.send_response(404)
            request.end_headers()
            return
        encoded = bytes.fromhex(query["password"][0])
        key = bytes.fromhex(CHALLENGE)
        password = bytes(byte ^ key[index % 16] for index, byte in enumerate(encoded)).rstrip(b"\0").decode()
        answered = self.answers.setdefault(self.mac, threading.Event())
        self.logons.append((query["username"][0], password))
        answered.wait(60)
        back = {"res": self.results.get(self.mac, "failed"), "uamip": "127.0.0.1", "uamport": str(self.port),
                "mac": self.mac, "nasid": self.nas_id, "userurl": query.get("userurl", [""])[0]}
        request.send_response(302)
        request.send_header("Location", f"{self.portal_url}/hotspot/?{urlencode(back)}")
        request.end_headers()

    def accept(self, mac: str, result: str = "success"):
        """Release the held browser with RADIUS's answer."""
        mac = mac.replace(":", "-").upper()
        self.results[mac] = result
        self.answers.setdefault(mac, threading.Event()).set()

    def stop(self):
        for event in self.answers.values():
            event.set()
        self.server.shutdown()
        self.server.server_close()
