"""Our fragments inside the AAA engineer's main FreeRADIUS configuration."""

import subprocess

from planetcampus.aaa.radius_config import Layout, clients_from_inventory, write_config
from planetcampus.eduroam.models import FederationProxy
from planetcampus.eduroam.radiusconf import render_fragments
from planetcampus.aaa.secrets import set_secret
from tests.support.services import require_or_skip


def test_fragments_load_beside_the_main_server(estate, radius_secrets, tmp_path):
    freeradius = require_or_skip("/usr/sbin/freeradius", "apt-get install freeradius")
    set_secret("federation", "federation-test-secret-42")
    FederationProxy.objects.create(name="tld1", host="127.0.0.1", port=11812, secret_ref="federation")
    directory = tmp_path / "radius"
    write_config(Layout(directory=directory, api_url="http://127.0.0.1:8000/radius"), clients_from_inventory())

    render_fragments(directory, api_url="http://127.0.0.1:8000", listen_address="127.0.0.1", port=11814)
    # The one change the main radiusd.conf needs for eduroam.
    radiusd = directory / "radiusd.conf"
    radiusd.write_text(radiusd.read_text().replace("proxy_requests = no", "proxy_requests = yes"))

    checked = subprocess.run([freeradius, "-C", "-d", str(directory), "-l", "stdout"], capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-2000:]
