"""Node.js tools the portal tests start: the OIDC provider and axe-core.

They are installed from the lock file into tests/portal/node/node_modules
on first use (npm ci), so a fresh checkout needs nothing by hand.
"""

import json
import os
import selectors
import subprocess
from pathlib import Path

from tests.support.services import require_or_skip

NODE_DIR = Path(__file__).resolve().parent / "node"
AXE_SCRIPT = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def ensure_node_tools() -> str:
    node = require_or_skip("node", "install Debian's nodejs and npm packages.")
    if not (NODE_DIR / "node_modules" / "oidc-provider").is_dir() or not AXE_SCRIPT.is_file():
        npm = require_or_skip("npm", "install Debian's npm package.")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_DIR, check=True, timeout=600)
    return node


class OidcProvider:
    """A running oidc-provider process on a loopback port."""

    def __init__(self, clients: list[dict], accounts: dict):
        node = ensure_node_tools()
        environment = {**os.environ, "OIDC_TEST_CONFIG": json.dumps({"clients": clients, "accounts": accounts})}
        self.process = subprocess.Popen([node, str(NODE_DIR / "provider.mjs")], cwd=NODE_DIR, env=environment,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.issuer = self._read_issuer()

    def _read_issuer(self, timeout: float = 30) -> str:
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            self.stop()
            raise RuntimeError(f"oidc-provider did not start within {timeout} s")
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"oidc-provider exited: {self.process.stderr.read()}")
        return json.loads(line)["issuer"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
