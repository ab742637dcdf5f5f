"""A real FreeRADIUS in front of Django's live_server, for integration tests.

Usage (the `estate` fixture provides the NAS; request it before this one):

    def test_something(estate, freeradius):
        reply = freeradius.radclient({"User-Name": "pc-abc", "User-Password": "x"})
        assert reply.code == "Access-Accept"

The fixture writes our configuration (src/planetcampus/aaa/freeradius/)
into a temp dir with one client per active NAS, starts
`/usr/sbin/freeradius -f` on free ports and stops it after the test.
`radclient` adds a Message-Authenticator to Access-Requests unless told
not to, as every BlastRADIUS-patched NAS does.
"""

import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.services import require_or_skip

RADCLIENT_REPLY = re.compile(r"^Received (?P<code>[A-Za-z-]+) Id \d+ from")


@dataclass
class Reply:
    code: str | None
    attributes: dict[str, list[str]] = field(default_factory=dict)
    output: str = ""

    def get(self, name: str, default=None):
        values = self.attributes.get(name)
        return values[0] if values else default


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_radclient(output: str) -> Reply:
    reply = Reply(code=None, output=output)
    collecting = False
    for line in output.splitlines():
        match = RADCLIENT_REPLY.match(line)
        if match:
            reply.code, collecting = match.group("code"), True
            continue
        if collecting and line.startswith(("\t", " ")) and "=" in line:
            name, _, value = line.strip().partition(" = ")
            reply.attributes.setdefault(name.strip(), []).append(value.strip().strip('"'))
        elif collecting and line and not line.startswith(("\t", " ")):
            collecting = False
    return reply


def packet_text(packet) -> str:
    if isinstance(packet, dict):
        lines = []
        for name, value in packet.items():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                lines.append(f'{name} = "{item}"' if isinstance(item, str) and not item.startswith("0x") else f"{name} = {item}")
        return "\n".join(lines)
    if isinstance(packet, (list, tuple)):
        return "\n".join(packet)
    return packet


def _replay_readers() -> int:
    """One reader on SQLite: the live server's threads share the test database's one connection."""
    from django.db import connection

    return 1 if connection.vendor == "sqlite" else 4


class FreeRadius:
    def __init__(self, directory: Path, api_url: str):
        self.directory = directory
        self.api_url = api_url
        self.auth_port = free_udp_port()
        self.acct_port = free_udp_port()
        self.cache_control_port = free_udp_port()
        self.address = "127.0.0.1"
        self.secrets: dict[str, str] = {}
        self.secrets_by_address: dict[str, str] = {}
        self.process: subprocess.Popen | None = None

    @property
    def secret(self) -> str:
        """The secret of the NAS at 127.0.0.1, the address radclient sends from."""
        return self.secrets_by_address["127.0.0.1"]

    def configure(self, **layout_options) -> None:
        from planetcampus.aaa.radius_config import Layout, clients_from_inventory, write_config

        clients = clients_from_inventory()
        self.secrets = {client.shortname: client.secret for client in clients}
        self.secrets_by_address = {client.address: client.secret for client in clients}
        # A generous HTTP timeout: tests share a loaded machine.
        options = {"reject_delay": 0, "threads": 8, "retry_interval": 4, "api_timeout": 10,
                   "replay_readers": _replay_readers(), **layout_options}
        write_config(Layout(directory=self.directory, api_url=self.api_url, auth_port=self.auth_port,
                            acct_port=self.acct_port, cache_control_port=self.cache_control_port, **options), clients)

    def start(self) -> None:
        log = self.directory / "log" / "radius.log"
        if log.exists():
            log.unlink()
        # FREERADIUS_DEBUG=1 writes FreeRADIUS's debug output to its log.
        debug = ["-xx"] if os.environ.get("FREERADIUS_DEBUG") else []
        self.process = subprocess.Popen(["/usr/sbin/freeradius", "-f", *debug, "-d", str(self.directory)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"FreeRADIUS exited: {self.process.stderr.read().decode()}\n{self.log()}")
            if "Ready to process requests" in self.log():
                return
            time.sleep(0.05)
        raise RuntimeError(f"FreeRADIUS did not start:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, **layout_options) -> None:
        """Regenerate the configuration (e.g. after adding a NAS) and restart."""
        self.stop()
        self.configure(**layout_options)
        self.start()

    def log(self) -> str:
        path = self.directory / "log" / "radius.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def radclient(self, packet, kind: str = "auth", secret: str | None = None, *,
                  message_authenticator: bool = True, timeout: float = 5, retries: int = 1,
                  code: str | None = None) -> Reply:
        """Send one packet with radclient and return the parsed reply (code None: no answer)."""
        text = packet_text(packet)
        if kind == "auth" and message_authenticator and "Message-Authenticator" not in text:
            text += "\nMessage-Authenticator = 0x00"
        port = self.auth_port if kind in ("auth", "status") else self.acct_port
        command = ["radclient", "-x", "-r", str(retries), "-t", str(timeout),
                   f"{self.address}:{port}", code or kind, secret or self.secret]
        result = subprocess.run(command, input=text + "\n", capture_output=True, text=True, timeout=timeout * retries + 10)
        return parse_radclient(result.stdout + result.stderr)

    def spool_files(self) -> list[Path]:
        return sorted((self.directory / "spool").glob("shard*/detail*"))


@pytest.fixture
def freeradius(estate, live_server, tmp_path, settings):
    require_or_skip("/usr/sbin/freeradius", "run scripts/install-system-packages (Debian freeradius, freeradius-rest)")
    require_or_skip("radclient", "run scripts/install-system-packages (Debian freeradius-utils)")
    if not Path("/usr/lib/freeradius/rlm_rest.so").exists():
        require_or_skip("/usr/lib/freeradius/rlm_rest.so", "run scripts/install-system-packages (Debian freeradius-rest)")
    from planetcampus.aaa import nas_cache

    settings.RADIUS_SECRETS_DIR = tmp_path / "secrets"
    nas_cache.clear()
    # "localhost" may resolve to ::1 first while the live server listens on IPv4.
    server = FreeRadius(tmp_path / "raddb", f"{live_server.url}/radius".replace("//localhost:", "//127.0.0.1:"))
    # The platform evicts cached MAC re-authentications through this port.
    settings.RADIUS_CACHE_CONTROL_PORT = server.cache_control_port
    server.configure()
    # The first request to the live server loads every URLconf and view:
    # do it now, not inside the first Access-Request's timeout.
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(f"{server.api_url}/authorize/", timeout=60)
    except urllib.error.HTTPError:
        pass
    server.start()
    yield server
    server.stop()
