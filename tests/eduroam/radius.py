"""Real FreeRADIUS processes and eapol_test for the eduroam tests.

`Federation` writes and starts a second FreeRADIUS that plays the national
proxy and the home institution of the realm `univ-exemple.fr`: it ends
EAP-TTLS/PAP and PEAP/MSCHAPv2 for two test accounts, answers
Status-Server, returns a Chargeable-User-Identity when asked, and writes
every Access-Request it receives to a witness file. `Server` runs a
configuration directory with `freeradius -f`; `eapol_test` plays a NAS and
its station. Everything listens on 127.0.0.1 on ports chosen at run time.
"""

import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

FREERADIUS = "/usr/sbin/freeradius"
HOME_REALM = "univ-exemple.fr"
ACCOUNTS = {"alice": "alice-secret-password", "bob": "bob-secret-password"}


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_certificates(directory: Path) -> Path:
    """Write a test CA and a server certificate signed by it (EC P-256, two days)."""
    directory.mkdir(parents=True, exist_ok=True)

    def openssl(*arguments):
        subprocess.run(["openssl", *arguments], cwd=directory, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test eduroam CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", f"/CN=radius.{HOME_REALM}")
    (directory / "server.ext").write_text(
        f"extendedKeyUsage=serverAuth\nsubjectAltName=DNS:radius.{HOME_REALM}\nbasicConstraints=CA:FALSE\n"
    )
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    return directory


class Server:
    """One `freeradius -f` process on a configuration directory."""

    def __init__(self, directory: Path, name: str):
        self.directory = directory
        self.name = name
        self.process = None
        self.output = directory / "log" / "stdout.log"

    def start(self, timeout: float = 15.0) -> "Server":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        with open(self.output, "ab") as sink:
            self.process = subprocess.Popen([FREERADIUS, "-f", "-xx", "-l", "stdout", "-d", str(self.directory)],
                                            stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"FreeRADIUS {self.name} stopped at start:\n{self.log()[-4000:]}")
            if "Ready to process requests" in self.log():
                self.started_at = time.monotonic()
                return self
            time.sleep(0.05)
        raise RuntimeError(f"FreeRADIUS {self.name} was not ready after {timeout} s:\n{self.log()[-4000:]}")

    def log(self) -> str:
        return self.output.read_text(errors="replace") if self.output.exists() else ""

    def hangup(self) -> None:
        self.process.send_signal(1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Federation:
    directory: Path
    certificates: Path
    port: int
    secret: str = "federation-test-secret-42"

    @property
    def witness(self) -> Path:
        return self.directory / "log" / "received.log"

    def received(self) -> list[str]:
        return self.witness.read_text().splitlines() if self.witness.exists() else []

    def write(self) -> "Federation":
        for name in ("log", "run"):
            (self.directory / name).mkdir(parents=True, exist_ok=True)
        users = "".join(f'{name}\tCleartext-Password := "{password}"\n' for name, password in ACCOUNTS.items())
        (self.directory / "users").write_text(users)
        (self.directory / "radiusd.conf").write_text(
            FEDERATION_CONF.format(dir=self.directory, certs=self.certificates, port=self.port, secret=self.secret,
                                   realm=HOME_REALM.replace(".", r"\."))
        )
        return self


@dataclass
class EapResult:
    success: bool
    returncode: int
    output: str


def eapol_test(executable: str, directory: Path, *, port: int, secret: str, identity: str, password: str,
               anonymous_identity: str, method: str = "TTLS", ca_cert: Path, source_address: str = "127.0.0.1",
               mac: str = "02:00:00:00:00:01", timeout: int = 20) -> EapResult:
    """Run one EAP authentication as a NAS and its station; method TTLS (PAP inside) or PEAP (MSCHAPv2)."""
    phase2 = "auth=PAP" if method == "TTLS" else "auth=MSCHAPV2"
    config = directory / f"eapol-{method}-{time.monotonic_ns()}.conf"
    config.write_text(
        "network={\n"
        '\tssid="eduroam"\n'
        "\tkey_mgmt=WPA-EAP\n"
        f"\teap={method}\n"
        f'\tidentity="{identity}"\n'
        f'\tanonymous_identity="{anonymous_identity}"\n'
        f'\tpassword="{password}"\n'
        f'\tphase2="{phase2}"\n'
        f'\tca_cert="{ca_cert}"\n'
        f'\tdomain_match="radius.{HOME_REALM}"\n'
        "}\n"
    )
    completed = subprocess.run(
        [executable, "-c", str(config), "-a", "127.0.0.1", "-p", str(port), "-s", secret, "-A", source_address,
         "-M", mac, "-t", str(timeout), "-N", "30:s:00-11-22-33-44-55:eduroam"],
        capture_output=True, text=True, timeout=timeout + 10,
    )
    output = completed.stdout + completed.stderr
    return EapResult(completed.returncode == 0 and "SUCCESS" in output, completed.returncode, output)


FEDERATION_CONF = r"""
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = {dir}/log
raddbdir = {dir}
radacctdir = {dir}/log
name = freeradius
confdir = {dir}
modconfdir = {dir}
run_dir = {dir}/run
db_dir = {dir}
libdir = /usr/lib/freeradius
pidfile = {dir}/run/freeradius.pid
correct_escapes = true
max_request_time = 30
cleanup_delay = 5
max_requests = 4096
hostname_lookups = no

log {{
	destination = files
	file = {dir}/log/radius.log
	colourise = no
}}

security {{
	max_attributes = 200
	reject_delay = 0
	status_server = yes
}}

proxy_requests = no

thread pool {{
	start_servers = 2
	max_servers = 8
	min_spare_servers = 1
	max_spare_servers = 4
	max_requests_per_server = 0
}}

modules {{
	always reject {{
		rcode = reject
	}}
	expr {{
	}}
	pap {{
	}}
	mschap {{
	}}
	files {{
		filename = {dir}/users
	}}
	linelog witness {{
		filename = {dir}/log/received.log
		format = "%{{User-Name}}|%{{Operator-Name}}|%{{Chargeable-User-Identity}}|%{{Calling-Station-Id}}"
	}}
	eap {{
		default_eap_type = ttls
		timer_expire = 60
		ignore_unknown_eap_types = no
		max_sessions = 1024
		tls-config tls-common {{
			private_key_file = {certs}/server.key
			certificate_file = {certs}/server.pem
			ca_file = {certs}/ca.pem
			cipher_list = "DEFAULT"
			tls_min_version = "1.2"
			tls_max_version = "1.2"
			ecdh_curve = "prime256v1"
		}}
		tls {{
			tls = tls-common
		}}
		ttls {{
			tls = tls-common
			default_eap_type = md5
			virtual_server = "inner-tunnel"
		}}
		peap {{
			tls = tls-common
			default_eap_type = mschapv2
			virtual_server = "inner-tunnel"
		}}
		mschapv2 {{
		}}
		md5 {{
		}}
	}}
}}

policy {{
}}

server federation {{
	listen {{
		type = auth
		ipaddr = 127.0.0.1
		port = {port}
	}}
	client service-provider {{
		ipaddr = 127.0.0.1
		secret = "{secret}"
		require_message_authenticator = yes
	}}
	authorize {{
		witness
		if (&User-Name !~ /@{realm}$/i) {{
			update reply {{
				&Reply-Message := "Unknown realm."
			}}
			reject
		}}
		eap {{
			ok = return
		}}
	}}
	authenticate {{
		Auth-Type EAP {{
			eap
		}}
	}}
	post-auth {{
		if (&Chargeable-User-Identity && &session-state:Tmp-String-5) {{
			update reply {{
				&Chargeable-User-Identity := "cui-%{{md5:%{{session-state:Tmp-String-5}}}}"
			}}
		}}
		Post-Auth-Type REJECT {{
			eap
		}}
	}}
}}

server inner-tunnel {{
	authorize {{
		mschap
		eap {{
			ok = return
		}}
		files
		pap
	}}
	authenticate {{
		Auth-Type PAP {{
			pap
		}}
		Auth-Type MS-CHAP {{
			mschap
		}}
		eap
	}}
	post-auth {{
		update outer.session-state {{
			&Tmp-String-5 := &User-Name
		}}
	}}
}}
"""
