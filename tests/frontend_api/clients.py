"""Generated clients for the tests: openapi-python-client packages and openapi-typescript types,
built from the schema a live server serves, cached per schema in the temporary directory.

The API's server for these tests runs on 127.0.0.1, on a free port of 8220-8239.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.frontend_api.ports import free_port

CLIENT_PORTS = range(8220, 8240)
CACHE = Path(tempfile.gettempdir()) / "health-cms-generated-clients"
TYPESCRIPT_TOOLS = ("openapi-typescript@7", "typescript@5")


def free_client_port() -> int:
    return free_port(CLIENT_PORTS)


def _bin(name: str) -> str:
    script = Path(sys.executable).with_name(name)
    found = str(script) if script.exists() else shutil.which(name)
    # In the test extra: its absence is a broken install, not a reason to skip.
    assert found, f"{name} is not installed (pip install -e '.[test]')"
    return found


def python_client(schema: dict, package: str):
    """The openapi-python-client package generated from ``schema``, imported as ``package``."""
    text = json.dumps(schema, sort_keys=True)
    folder = CACHE / f"{package}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    if not (folder / package).exists():
        _generate(text, package, folder)
    for name in [name for name in sys.modules if name.split(".")[0] == package]:
        del sys.modules[name]
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return GeneratedClient(package)


def _generate(schema_text: str, package: str, folder: Path) -> None:
    """Generate the package into a folder of its own, then move it into place in one step:
    another process (a parallel worker, the other CI pass) generating the same schema must
    never import a half-written package."""
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=CACHE, prefix=f".{package}-"))
    try:
        (work / "schema.json").write_text(schema_text)
        (work / "config.yaml").write_text(f"package_name_override: {package}\n")
        environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        result = subprocess.run(
            [_bin("openapi-python-client"), "generate", "--path", "schema.json", "--meta",
             "none", "--config", "config.yaml", "--output-path", package, "--overwrite"],
            cwd=work, capture_output=True, text=True, timeout=300, env=environment,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        # Nothing of the schema may be skipped: a warning means a piece of the client is missing.
        assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
        if folder.exists() and not (folder / package).exists():
            shutil.rmtree(folder, ignore_errors=True)  # left half-written by an older run
        try:
            work.rename(folder)
        except OSError:  # another process put the same package there first: use that one
            if not (folder / package).exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


class GeneratedClient:
    """An imported generated package: its ``Client``, its ``models`` and its operations."""

    def __init__(self, package: str):
        self.package = package
        self.Client = importlib.import_module(package).Client
        self.models = importlib.import_module(f"{package}.models")

    def operation(self, tag: str, operation_id: str):
        """The module of one operation (``sync``, ``sync_detailed``, ``asyncio``...)."""
        return importlib.import_module(f"{self.package}.api.{tag}.{operation_id}")


def typescript_tools() -> Path | None:
    """A folder with openapi-typescript and tsc installed by npm, or None without Node/npm."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    tools = CACHE / "node-tools"
    if not (tools / "node_modules" / ".bin" / "tsc").exists():
        tools.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(tools),
             *TYPESCRIPT_TOOLS],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
    return tools / "node_modules" / ".bin"
