"""Apply a change of the platform's data to the running FreeRADIUS.

FreeRADIUS 3.2 re-reads its modules on SIGHUP, but reads clients,
listeners and home servers only when it starts. A residence switched on or
off changes only the residence map, read by a module: a SIGHUP applies it.
A new NAS or a changed federation proxy needs a restart, done by
EDUROAM_RADIUS_RESTART_COMMAND when set.

NOTE: FreeRADIUS 3.2.1 ignores a module's SIGHUP that comes within 2 s of
the module's previous load, so of two changes saved within 2 s the second
one waits for the next reload (`planetcampus eduroam reload`).
"""

import hashlib
import logging
import os
import shlex
import signal
import subprocess
from pathlib import Path

from planetcampus.eduroam import conf
from planetcampus.eduroam.radiusconf import RESTART_FILES, deployed_options, render_fragments

logger = logging.getLogger(__name__)


class ReloadFailed(RuntimeError):
    pass


def reload_freeradius(config_dir: Path | None = None, *, pid_file: Path | None = None, api_url: str | None = None,
                      **render_options) -> str:
    """Write the fragments again and make FreeRADIUS read them; return "hup" or "restart".

    The fragments are written with the options they were deployed with
    (URL, port, listen address, realm); `api_url` and `render_options`
    override them.
    """
    config_dir = config_dir or conf.RADIUS_CONFIG_DIR
    pid_file = pid_file or conf.RADIUS_PID_FILE
    options = {"api_url": conf.RADIUS_API_URL, **deployed_options(config_dir), **render_options}
    if api_url:
        options["api_url"] = api_url
    before = _digests(config_dir)
    render_fragments(config_dir, **options)

    if _digests(config_dir) != before:
        return _restart(config_dir)
    _hangup(pid_file)
    return "hup"


def reload_if_deployed() -> None:
    """Reload after a change when our fragments are deployed here; log failures."""
    if not (conf.RADIUS_CONFIG_DIR / "sites-enabled" / "eduroam").exists():
        logger.debug("eduroam fragments not deployed in %s: nothing to reload", conf.RADIUS_CONFIG_DIR)
        return
    try:
        action = reload_freeradius()
    except (ReloadFailed, OSError) as error:
        logger.error("eduroam change saved but FreeRADIUS not reloaded: %s", error)
        return
    logger.info("FreeRADIUS reloaded for eduroam (%s)", action)


def _hangup(pid_file: Path) -> None:
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError) as error:
        raise ReloadFailed(f"Cannot read the FreeRADIUS pid from {pid_file}: {error}. Is FreeRADIUS running?") from None
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        raise ReloadFailed(f"FreeRADIUS pid {pid} from {pid_file} is not running: start FreeRADIUS.") from None
    logger.info("SIGHUP sent to FreeRADIUS pid %s", pid)


def _restart(config_dir: Path) -> str:
    if not conf.RADIUS_RESTART_COMMAND:
        raise ReloadFailed(
            f"NAS or federation proxies changed in {config_dir}: FreeRADIUS reads them only at start. "
            "Restart it, or set EDUROAM_RADIUS_RESTART_COMMAND."
        )
    completed = subprocess.run(shlex.split(conf.RADIUS_RESTART_COMMAND), capture_output=True, text=True,
                               timeout=60)
    if completed.returncode != 0:
        raise ReloadFailed(f"{conf.RADIUS_RESTART_COMMAND!r} failed ({completed.returncode}): "
                           f"{completed.stderr.strip()[-500:]}")
    logger.info("FreeRADIUS restarted with %r", conf.RADIUS_RESTART_COMMAND)
    return "restart"


def _digests(config_dir: Path) -> dict[str, str]:
    digests = {}
    for name in RESTART_FILES:
        path = config_dir / name
        digests[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    return digests
