"""FreeRADIUS configuration of the eduroam service provider, generated from our data.

`render_fragments` writes our files into a FreeRADIUS 3.2 configuration
directory beside the main configuration:

- sites-enabled/eduroam: the `eduroam` virtual server on its own port, with
  a client block per active NAS. NAS point the eduroam SSID at this port.
- eduroam/proxy.conf: the federation proxies as home servers, probed with
  Status-Server, in a fail-over pool, and the realm that routes to it.
- mods-enabled/eduroam, policy.d/eduroam: the modules and policies the
  server uses (residence state, outer identity checks, the log record).
- mods-config/eduroam/residences: which NAS belong to a residence where
  eduroam is active. It is read by a module, so a SIGHUP is enough after a
  residence is switched on or off; clients and home servers are read only
  when FreeRADIUS starts.

Nothing here checks a password: the server has no EAP module, so the EAP
conversation of a visitor always ends at their home institution.
"""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from planetcampus.aaa.secrets import secret_for
from planetcampus.eduroam import conf
from planetcampus.eduroam.identity import unlang_policy
from planetcampus.eduroam.models import Authentication, FederationProxy
from planetcampus.eduroam.records import json_body_template, json_encode_arguments
from planetcampus.estate.models import Nas

logger = logging.getLogger(__name__)

REALM_NAME = "eduroam_federation"
POOL_NAME = "eduroam_federation"

# On SIGHUP, FreeRADIUS 3.2.1 re-instantiates the files module with the
# configuration it started with, so the map keeps its name and only its
# content changes.
MAP_FILE = "mods-config/eduroam/residences"

OPTIONS_FILE = "eduroam/options.json"

# Files whose change needs a restart, not a SIGHUP (see the module docstring).
RESTART_FILES = ("sites-enabled/eduroam", "eduroam/proxy.conf")


class MissingSecret(RuntimeError):
    pass


@dataclass(frozen=True)
class Options:
    api_url: str
    api_token: str
    port: int
    listen_address: str
    operator_realm: str


def deployed_options(config_dir: Path) -> dict:
    """Return the options the fragments in `config_dir` were written with, or {}."""
    path = config_dir / OPTIONS_FILE
    return json.loads(path.read_text()) if path.exists() else {}


def render_fragments(
    config_dir: Path,
    *,
    api_url: str,
    api_token: str | None = None,
    port: int | None = None,
    listen_address: str | None = None,
    operator_realm: str | None = None,
) -> list[Path]:
    """Write the eduroam files into `config_dir`; return their paths.

    `api_url` is the platform's base URL as FreeRADIUS reaches it, for
    example http://127.0.0.1:8000; authentication records are posted there.
    Files are written with mode 0600 because they contain RADIUS secrets.
    """
    options = Options(
        api_url=api_url.rstrip("/"),
        api_token=api_token if api_token is not None else settings.RADIUS_API_TOKEN,
        port=port or conf.RADIUS_PORT,
        listen_address=listen_address or conf.LISTEN_ADDRESS,
        operator_realm=(operator_realm or conf.OPERATOR_REALM).lower(),
    )
    nas_list = list(Nas.objects.filter(active=True).select_related("residence").order_by("identifier"))
    proxies = list(FederationProxy.objects.filter(active=True).order_by("priority", "name"))

    contents = {
        "eduroam/proxy.conf": proxy_conf(proxies),
        "sites-enabled/eduroam": site(nas_list, options),
        "policy.d/eduroam": policies(options),
        MAP_FILE: residence_map(nas_list),
        "mods-enabled/eduroam": modules(options),
    }

    written = [_write(config_dir / name, text) for name, text in contents.items()]
    # Kept so a reload writes the same listener and URL as the generator
    # that deployed the fragments (the token stays in the settings).
    _write(config_dir / OPTIONS_FILE, json.dumps({
        "api_url": options.api_url, "port": options.port, "listen_address": options.listen_address,
        "operator_realm": options.operator_realm,
    }, indent=1) + "\n")
    (config_dir / "eduroam" / "spool").mkdir(parents=True, exist_ok=True, mode=0o700)
    logger.info("eduroam FreeRADIUS fragments written to %s (%d NAS, %d federation proxies)",
                config_dir, len(nas_list), len(proxies))
    return written


def proxy_conf(proxies: list[FederationProxy]) -> str:
    if not proxies:
        # FreeRADIUS refuses a pool without home servers; with no proxy,
        # every eduroam request is rejected by the site instead.
        return "# No active federation proxy: eduroam requests are rejected locally.\n"

    blocks = [_home_server(proxy) for proxy in proxies]
    members = "\n".join(f"\thome_server = {_home_server_name(proxy)}" for proxy in proxies)
    blocks.append(
        f"# Tried in priority order; a proxy that stops answering is skipped\n"
        f"# until Status-Server shows it alive again.\n"
        f"home_server_pool {POOL_NAME} {{\n\ttype = fail-over\n{members}\n}}\n"
    )
    blocks.append(
        f"# Proxy-To-Realm names this realm; it matches no real realm.\n"
        f"realm {REALM_NAME} {{\n\tauth_pool = {POOL_NAME}\n\tnostrip\n}}\n"
    )
    return "\n".join(blocks)


def _home_server(proxy: FederationProxy) -> str:
    try:
        secret = secret_for(proxy, create=False)
    except KeyError:
        raise MissingSecret(
            f"The federation proxy {proxy.name} has no secret stored under {proxy.secret_ref!r}: "
            f"store it with `planetcampus eduroam secret {proxy.name}`."
        ) from None

    return f"""home_server {_home_server_name(proxy)} {{
	type = auth
	ipaddr = {proxy.host}
	port = {proxy.port}
	proto = udp
	secret = "{_quote(secret)}"
	response_window = {conf.RESPONSE_WINDOW}
	zombie_period = {conf.ZOMBIE_PERIOD}
	revive_interval = {conf.REVIVE_INTERVAL}
	status_check = status-server
	check_interval = {conf.CHECK_INTERVAL}
	check_timeout = {conf.CHECK_TIMEOUT}
	num_answers_to_alive = {conf.ANSWERS_TO_ALIVE}
	max_outstanding = 65536
}}
"""


def _home_server_name(proxy: FederationProxy) -> str:
    return f"eduroam_{proxy.name.replace('-', '_')}"


def site(nas_list: list[Nas], options: Options) -> str:
    clients = "\n".join(_client(nas) for nas in nas_list)
    reasons = Authentication.Reason
    proxying = (
        f"""		update control {{
			&Proxy-To-Realm := "{REALM_NAME}"
		}}"""
        if FederationProxy.objects.filter(active=True).exists()
        else f"""		update control {{
			&Tmp-String-1 := "{reasons.FEDERATION_UNREACHABLE}"
		}}
		update reply {{
			&Reply-Message := "No eduroam federation proxy is configured."
		}}
		eduroam_reject"""
    )
    return f"""# Generated by `planetcampus eduroam config`: edit the platform's data, not this file.
$INCLUDE ${{confdir}}/eduroam/proxy.conf

server eduroam {{
	listen {{
		type = auth
		ipaddr = {options.listen_address}
		port = {options.port}
	}}

{clients}
	authorize {{
		# 1. Only residences where eduroam is active.
		eduroam_residences
		if (&control:Tmp-Integer-0 != 1) {{
			update control {{
				&Tmp-String-1 := "{reasons.EDUROAM_DISABLED}"
			}}
			update reply {{
				&Reply-Message := "eduroam is not available in this residence."
			}}
			eduroam_reject
		}}

		# 2. Outer identities the federation could not route.
		eduroam_check_identity

		# 3. Service-provider duties: send our realm as Operator-Name (RFC 5580)
		# and ask the home institution for a Chargeable-User-Identity (RFC 4372).
		update request {{
			&Operator-Name := "1{options.operator_realm}"
		}}
		if (!&Chargeable-User-Identity) {{
			update request {{
				&Chargeable-User-Identity := 0x00
			}}
		}}

		# 4. Everything else goes to the federation, EAP untouched.
{proxying}
	}}

	authenticate {{
	}}

	post-proxy {{
		# The proxy did not answer within response_window: it is now a
		# zombie, probed with Status-Server, and the next requests go to the
		# next proxy of the pool.
		# NOTE: FreeRADIUS 3.2 does not resend this request to the next
		# proxy, so this one attempt is rejected and the supplicant's retry
		# gets through. Staying silent does not help: FreeRADIUS swallows
		# the NAS's retransmissions of an unanswered request.
		Post-Proxy-Type Fail-Authentication {{
			update control {{
				&Tmp-String-1 := "{reasons.FEDERATION_UNREACHABLE}"
			}}
			update reply {{
				&Reply-Message := "No eduroam federation proxy answered."
			}}
		}}
	}}

	post-auth {{
		update control {{
			&Tmp-String-2 := "accept"
			&Tmp-String-1 := "{reasons.ACCEPTED}"
		}}
		eduroam_log

		Post-Auth-Type REJECT {{
			update control {{
				&Tmp-String-2 := "reject"
			}}
			if (!&control:Tmp-String-1) {{
				update control {{
					&Tmp-String-1 := "{reasons.HOME_REJECTED}"
				}}
			}}
			eduroam_eap_failure
			eduroam_log
		}}
	}}
}}
"""


def _client(nas: Nas) -> str:
    return f"""	client {nas.identifier} {{
		ipaddr = {nas.ip_address}
		secret = "{_quote(secret_for(nas))}"
		shortname = {nas.identifier}
		# BlastRADIUS (CVE-2024-3596): drop Access-Requests without a
		# valid Message-Authenticator. 802.1X always sends one.
		require_message_authenticator = yes
	}}
"""


def policies(options: Options) -> str:
    return (
        unlang_policy()
        + f"""
# Ends the supplicant's EAP conversation on a reject made here (the home
# institution sends its own EAP-Failure): code 4, the identifier of the
# EAP-Response being answered, length 4 (RFC 3748 section 4.2). A reply
# with EAP-Message needs a Message-Authenticator, which FreeRADIUS computes.
eduroam_eap_failure {{
	if (!&reply:EAP-Message && &EAP-Message =~ /^0x02([0-9a-f]{{2}})/i) {{
		update reply {{
			&EAP-Message := "0x04%{{1}}0004"
			&Message-Authenticator := 0x00
		}}
	}}
}}

# Stores one authentication: posted to the platform, or written to the
# spool file when the platform does not answer (`planetcampus eduroam
# ingest` loads it later). A logging failure never turns an Access-Accept
# into a reject.
eduroam_log {{
	update control {{
		&Tmp-IP-Address-0 := "%{{Packet-Src-IP-Address}}"
		&Tmp-Integer-1 := "%l"
		&Tmp-Integer-2 := "%M"
	}}
	if (&control:Proxy-To-Realm && "%{{home_server:ipaddr}}" != "") {{
		update control {{
			&Tmp-String-3 := "%{{home_server:ipaddr}}:%{{home_server:port}}"
		}}
	}}
	update control {{
		&REST-HTTP-Header := "Authorization: Bearer {_quote(options.api_token)}"
	}}
	eduroam_post {{
		fail = 1
		handled = 1
		userlock = 1
		reject = 1
		invalid = 1
		notfound = 1
		noop = 1
		ok = 1
		updated = 1
	}}
	if (!ok && !updated) {{
		update control {{
			&Tmp-String-9 := "%{{eduroam_json_encode:{json_encode_arguments()}}}"
		}}
		eduroam_spool {{
			fail = 1
		}}
	}}
	eduroam_ok
}}
"""
    )


def modules(options: Options) -> str:
    with translation.override("fr"):
        path = reverse("eduroam:radius-authentications")
    return f"""# Generated by `planetcampus eduroam config`.

# control:Tmp-String-0 = residence code, control:Tmp-Integer-0 = 1 when
# eduroam is active there; keyed by the NAS's source address.
files eduroam_residences {{
	filename = ${{confdir}}/{MAP_FILE}
	key = "%{{Packet-Src-IP-Address}}"
}}

json eduroam_json {{
	encode {{
		output_mode = object_simple
		value {{
			always_string = yes
		}}
	}}
}}

rest eduroam_post {{
	connect_uri = "{_quote(options.api_url)}"
	connect_timeout = 2.0
	post-auth {{
		uri = "${{..connect_uri}}{path}"
		method = "post"
		body = "json"
		data = "{_quote(json_body_template())}"
		timeout = 2.0
	}}
	# One HTTP connection per record: no idle keep-alive connection can be
	# closed by the web server just as FreeRADIUS reuses it, and a connect
	# to a nearby platform costs little. The timeout bounds what a slow
	# platform adds to an authentication; the record then goes to the spool.
	pool {{
		start = 0
		min = 0
		max = 32
		spare = 0
		uses = 1
		retry_delay = 1
		lifetime = 0
		idle_timeout = 0
	}}
}}

linelog eduroam_spool {{
	filename = ${{confdir}}/eduroam/spool/authentications.jsonl
	permissions = 0600
	format = "%{{control:Tmp-String-9}}"
}}

always eduroam_ok {{
	rcode = ok
}}

always eduroam_reject {{
	rcode = reject
}}
"""


def residence_map(nas_list: list[Nas]) -> str:
    lines = ["# NAS address, residence code, eduroam active (1) or not (0)."]
    for nas in nas_list:
        residence = nas.residence
        active = 1 if residence.eduroam_enabled and residence.closed_on is None else 0
        lines.append(f'{nas.ip_address}\tTmp-String-0 := "{_quote(residence.code)}", Tmp-Integer-0 := {active}')
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    previous = path.stat().st_mtime if path.exists() else None
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    # Replace in one step, so a FreeRADIUS reading the file never sees half of it.
    os.replace(temporary, path)

    # FreeRADIUS spots changed files by their mtime in whole seconds and
    # ignores a SIGHUP when none changed: a file rewritten within the same
    # second must still look changed.
    if previous is not None and int(path.stat().st_mtime) <= int(previous):
        bumped = int(previous) + 1
        os.utime(path, (bumped, bumped))
    return path


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
