import pytest

from tests.eduroam.radius import Federation, Server, free_udp_port, make_certificates
from tests.support.services import require_or_skip


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    require_or_skip("openssl", "apt-get install openssl")
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def eapol_test_program():
    for candidate in ("/usr/bin/eapol_test", "/usr/sbin/eapol_test"):
        try:
            return require_or_skip(candidate, "apt-get install eapoltest")
        except BaseException:
            if candidate == "/usr/sbin/eapol_test":
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def radius_secrets(settings, tmp_path):
    settings.RADIUS_SECRETS_DIR = tmp_path / "secrets"
    return settings.RADIUS_SECRETS_DIR


@pytest.fixture
def federation(tmp_path, certificates):
    require_or_skip("/usr/sbin/freeradius", "apt-get install freeradius")
    home = Federation(tmp_path / "federation", certificates, free_udp_port()).write()
    server = Server(home.directory, "federation").start()
    yield home
    server.stop()
