"""Write the FreeRADIUS configuration from the templates and the NAS inventory.

The templates live beside this module in freeradius/; placeholders are
written @NAME@ so FreeRADIUS's own ${...} syntax stays untouched. The
output directory holds secrets (clients.conf, the API token) and is
written with mode 0700/0600.
"""

import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from planetcampus.aaa.secrets import secret_for

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("freeradius")
FREERADIUS = "/usr/sbin/freeradius"


@dataclass(frozen=True)
class Client:
    shortname: str
    address: str
    secret: str


@dataclass
class Layout:
    directory: Path
    api_url: str
    auth_port: int = 1812
    acct_port: int = 1813
    listen_address: str = "127.0.0.1"
    ceiling_port: int | None = None
    ceiling_users: list[tuple[str, str]] = field(default_factory=list)
    reject_delay: int = 1
    threads: int = 32
    load_factor: int = 100
    retry_interval: int = 5
    api_timeout: int = 3
    log_auth: bool = False
    reauth_cache_seconds: int = 300
    # 4: four buffer shards, each with its reader, in parallel. 1: one file and
    # one reader (tests on SQLite, whose live server shares one connection).
    replay_readers: int = 4
    cache_control_port: int = 18125

    def substitutions(self) -> dict[str, str]:
        return {
            "DIR": str(self.directory), "API_URL": self.api_url.rstrip("/"),
            "API_TOKEN": settings.RADIUS_API_TOKEN, "AUTH_PORT": str(self.auth_port),
            "ACCT_PORT": str(self.acct_port), "LISTEN_ADDRESS": self.listen_address,
            "CEILING_PORT": str(self.ceiling_port or 0), "REJECT_DELAY": str(self.reject_delay),
            "THREADS": str(self.threads), "LOAD_FACTOR": str(self.load_factor),
            "RETRY_INTERVAL": str(self.retry_interval), "API_TIMEOUT": str(self.api_timeout),
            "LOG_AUTH": "yes" if self.log_auth else "no",
            "REAUTH_CACHE_SECONDS": str(self.reauth_cache_seconds),
            "CACHE_CONTROL_PORT": str(self.cache_control_port),
            "CACHE_CONTROL_SECRET": cache_control_secret(),
            "LISTENERS": self._replay_listeners(),
            "SHARD_POLICY": self._shard_policy(),
            "SPOOL_ALL": "\n".join(
                f"\t\t\tupdate request {{\n\t\t\t\t&Tmp-String-4 := \"{shard}\"\n\t\t\t}}\n\t\t\tplatform_spool"
                for shard in range(self.shards)),
        }

    @property
    def shards(self) -> int:
        return 4 if self.replay_readers > 1 else 1

    def _replay_listeners(self) -> str:
        return "\n".join(
            "\tlisten {\n\t\ttype = detail\n"
            f"\t\tfilename = \"{self.directory}/spool/shard{shard}/detail-*\"\n"
            f"\t\tload_factor = {self.load_factor}\n\t\tpoll_interval = 1\n"
            f"\t\tretry_interval = {self.retry_interval}\n\t\ttrack = yes\n\t}}"
            for shard in range(self.shards))

    def _shard_policy(self) -> str:
        if self.shards == 1:
            return '\tupdate request {\n\t\t&Tmp-String-4 := "0"\n\t}'
        ranges = ["0-3", "4-7", "89ab", "c-f"]
        branches = []
        for shard, digits in enumerate(ranges):
            keyword = "if" if shard == 0 else "elsif"
            condition = f" (&Acct-Unique-Session-Id =~ /^[{digits}]/)"
            if shard == len(ranges) - 1:
                keyword, condition = "else", ""
            branches.append(f"\t{keyword}{condition} {{\n"
                            f"\t\tupdate request {{\n\t\t\t&Tmp-String-4 := \"{shard}\"\n\t\t}}\n\t}}")
        return "\n".join(branches)


def cache_control_secret() -> str:
    """The secret between the platform and FreeRADIUS's cache_control server."""
    import hashlib

    return hashlib.sha256(f"cache-control:{settings.RADIUS_API_TOKEN}".encode()).hexdigest()[:32]


def clients_from_inventory() -> list[Client]:
    from planetcampus.estate.models import Nas

    return [Client(nas.identifier, nas.ip_address, secret_for(nas))
            for nas in Nas.objects.filter(active=True).order_by("identifier")]


def write_config(layout: Layout, clients: list[Client]) -> Path:
    directory = layout.directory
    if not settings.RADIUS_API_TOKEN:
        raise ValueError("RADIUS_API_TOKEN is empty: set it before generating the FreeRADIUS configuration.")
    for sub in ("log", "run", "spool/shard0", "spool/shard1", "spool/shard2", "spool/shard3",
                "mods-enabled", "sites-enabled", "policy.d", "mods-config/files"):
        (directory / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    values = layout.substitutions()

    _write(directory / "radiusd.conf", _render("radiusd.conf.in", values))
    _write(directory / "mods-enabled" / "platform", _render("platform.module.in", values))
    _write(directory / "policy.d" / "platform", _render("policy.in", values))
    _write(directory / "sites-enabled" / "platform", _render("platform.site.in", values))
    _write(directory / "sites-enabled" / "replay", _render("replay.site.in", values))
    ceiling = directory / "sites-enabled" / "ceiling"
    if layout.ceiling_port:
        _write(ceiling, _render("ceiling.site.in", values))
    elif ceiling.exists():
        ceiling.unlink()
    _write(directory / "mods-config" / "files" / "ceiling", _ceiling_users(layout.ceiling_users))
    _write(directory / "clients.conf", render_clients(clients))
    _write(directory / "dictionary", "# Local attributes: none.\n")
    logger.info("FreeRADIUS configuration written to %s for %d NAS", directory, len(clients))
    return directory


def render_clients(clients: list[Client]) -> str:
    blocks = ["# One client per active NAS, generated from the inventory. Contains secrets.\n"]
    for client in clients:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", client.shortname):
            raise ValueError(f"NAS identifier {client.shortname!r} cannot name a FreeRADIUS client.")
        blocks.append(
            f"client {client.shortname} {{\n"
            f"\tipaddr = {client.address}\n"
            f"\tsecret = \"{client.secret}\"\n"
            f"\tshortname = {client.shortname}\n"
            # BlastRADIUS: drop any Access-Request without a valid Message-Authenticator.
            # (limit_proxy_state exists only from FreeRADIUS 3.2.5; Debian 12 ships 3.2.1.)
            f"\trequire_message_authenticator = yes\n"
            f"\tnas_type = other\n"
            f"}}\n"
        )
    return "\n".join(blocks)


def _ceiling_users(users) -> str:
    lines = ["# Benchmark ceiling: the same answers from the files module."]
    for name, password in users:
        lines.append(f'"{name}" Cleartext-Password := "{password}"\n\tSession-Timeout := 3600,\n\tIdle-Timeout := 1800')
    return "\n".join(lines) + "\n"


def _render(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    leftover = re.search(r"@[A-Z_]+@", text)
    if leftover:
        raise ValueError(f"{template}: placeholder {leftover.group()} has no value.")
    return text


def _write(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)


def check_config(directory: Path) -> None:
    """Run `freeradius -C` on the directory; raise with its output when it fails."""
    import subprocess

    result = subprocess.run([FREERADIUS, "-C", "-d", str(directory), "-lstdout"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"FreeRADIUS refused the configuration:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")


def freeradius_available() -> bool:
    return shutil.which(FREERADIUS) is not None or os.path.exists(FREERADIUS)
