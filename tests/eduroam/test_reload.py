import logging
import subprocess
import sys
import time

import pytest

from planetcampus.eduroam import conf
from planetcampus.eduroam.radiusconf import render_fragments
from planetcampus.eduroam.reload import ReloadFailed, reload_freeradius
from planetcampus.eduroam.services import set_eduroam
from planetcampus.estate.models import Nas

# A stand-in for FreeRADIUS: writes "hup" to a file on SIGHUP.
CATCHER = """
import signal, sys, time
path = sys.argv[1]
signal.signal(signal.SIGHUP, lambda *_: open(path, "w").write("hup"))
open(path + ".ready", "w").close()
time.sleep(30)
"""


@pytest.fixture
def deployed(tmp_path, radius_secrets, monkeypatch):
    directory = tmp_path / "radius"
    monkeypatch.setattr(conf, "RADIUS_CONFIG_DIR", directory)
    monkeypatch.setattr(conf, "RADIUS_PID_FILE", directory / "run" / "freeradius.pid")
    render_fragments(directory, api_url="http://127.0.0.1:8000")
    return directory


@pytest.fixture
def catcher(tmp_path):
    flag = tmp_path / "signal"
    process = subprocess.Popen([sys.executable, "-c", CATCHER, str(flag)])
    while not (tmp_path / "signal.ready").exists():
        time.sleep(0.05)
    yield process, flag
    process.kill()
    process.wait()


def wait_for(path, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not path.exists():
        time.sleep(0.05)
    return path.exists()


def test_residence_change_sends_sighup(estate, deployed, catcher):
    process, flag = catcher
    pid_file = deployed / "run" / "freeradius.pid"
    pid_file.parent.mkdir(exist_ok=True)
    pid_file.write_text(str(process.pid))
    estate["lyon_a"].eduroam_enabled = True
    estate["lyon_a"].save()

    action = reload_freeradius(deployed, pid_file=pid_file, api_url="http://127.0.0.1:8000")

    assert action == "hup"
    assert wait_for(flag)


def test_new_nas_needs_a_restart(estate, deployed):
    Nas.objects.create(residence=estate["lyon_b"], identifier="lyon-b-gw1", ip_address="127.0.0.3",
                       vendor="hostapd", secret_ref="lyon-b-gw1")

    with pytest.raises(ReloadFailed, match="EDUROAM_RADIUS_RESTART_COMMAND"):
        reload_freeradius(deployed, api_url="http://127.0.0.1:8000")


def test_restart_command_runs_when_set(estate, deployed, monkeypatch, tmp_path):
    marker = tmp_path / "restarted"
    monkeypatch.setattr(conf, "RADIUS_RESTART_COMMAND", f"touch {marker}")
    Nas.objects.create(residence=estate["lyon_b"], identifier="lyon-b-gw1", ip_address="127.0.0.3",
                       vendor="hostapd", secret_ref="lyon-b-gw1")

    action = reload_freeradius(deployed, api_url="http://127.0.0.1:8000")

    assert action == "restart"
    assert marker.exists()


def test_switch_without_running_freeradius_is_saved_and_logged(estate, deployed, caplog,
                                                               django_capture_on_commit_callbacks):
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        set_eduroam(estate["lyon_a"], True, actor=None)

    estate["lyon_a"].refresh_from_db()
    assert estate["lyon_a"].eduroam_enabled is True
    assert "eduroam change saved but FreeRADIUS not reloaded" in caplog.text
    assert "127.0.0.1\tTmp-String-0 := \"lyon-a\", Tmp-Integer-0 := 1" in (
        deployed / "mods-config" / "eduroam" / "residences").read_text()


def test_reload_keeps_the_deployed_listener(estate, tmp_path, radius_secrets, catcher):
    process, flag = catcher
    directory = tmp_path / "main"
    render_fragments(directory, api_url="http://10.0.0.5:8000", port=11814, listen_address="10.0.0.1")
    pid_file = tmp_path / "freeradius.pid"
    pid_file.write_text(str(process.pid))
    estate["lyon_a"].eduroam_enabled = True
    estate["lyon_a"].save()

    action = reload_freeradius(directory, pid_file=pid_file)

    assert action == "hup"
    site = (directory / "sites-enabled" / "eduroam").read_text()
    assert "port = 11814" in site
    assert "ipaddr = 10.0.0.1" in site
    assert 'connect_uri = "http://10.0.0.5:8000"' in (directory / "mods-enabled" / "eduroam").read_text()
