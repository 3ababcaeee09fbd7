"""An OpenAPI-Generator client for openapi.yaml, generated at benchmark time.

The `openapi-generator-cli` package bundles the generator's jar; Java runs
it. The code goes to a temporary folder, is imported from there and deleted
afterwards: it is never part of the repository.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import _payloads

PACKAGE = "generated_buena_client"
GENERATE_TIMEOUT_SECONDS = 300


@dataclass
class Generated:
    """Where the generated package lives and the generator's version."""

    folder: Path
    version: str


def generator_jar() -> Path | None:
    """The jar shipped in the `openapi-generator-cli` package, if installed."""
    spec = importlib.util.find_spec("openapi_generator_cli")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        jar = Path(location) / "openapi-generator.jar"
        if jar.exists():
            return jar
    return None


def generate(spec: Path, folder: Path) -> Generated:
    """Generate the Python client for ``spec`` into ``folder``.

    Raises:
        RuntimeError: Java or the generator is missing, or generation failed;
            the message says which.
    """
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is not installed")
    jar = generator_jar()
    if jar is None:
        raise RuntimeError("the openapi-generator-cli package is not installed")

    version = subprocess.run(
        [java, "-jar", str(jar), "version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=GENERATE_TIMEOUT_SECONDS,
    ).stdout.strip()
    result = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "generate",
            "--input-spec",
            str(spec),
            "--generator-name",
            "python",
            "--output",
            str(folder),
            "--package-name",
            PACKAGE,
            "--global-property",
            "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=GENERATE_TIMEOUT_SECONDS,
    )
    if result.returncode != 0 or not (folder / PACKAGE).is_dir():
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise RuntimeError("openapi-generator failed: " + " / ".join(tail))
    return Generated(folder=folder, version=version or "unknown")


def load(folder: Path) -> ModuleType:
    """Import the generated package from ``folder``."""
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module(PACKAGE)


class GeneratedClient:
    """The generated client's calls for each scenario."""

    def __init__(
        self, package: ModuleType, pool: Any = None, base_url: str = _payloads.BASE_URL
    ) -> None:
        configuration = package.Configuration(
            host=base_url, api_key={"ApiKeyAuth": _payloads.API_KEY}
        )
        self.package = package
        self.api_client = package.ApiClient(configuration)
        if pool is not None:
            self.api_client.rest_client.pool_manager = pool
        self.leads = package.LeadsApi(self.api_client)
        self.system = package.SystemApi(self.api_client)

    def list_leads(self) -> Any:
        """list_leads(limit=100)."""
        return self.leads.list_leads(limit=_payloads.PAGE_SIZE)

    def list_page(self, offset: int) -> Any:
        """list_leads(limit=100, offset=offset)."""
        return self.leads.list_leads(limit=_payloads.PAGE_SIZE, offset=offset)

    def get_lead(self) -> Any:
        """get_lead(id)."""
        return self.leads.get_lead(_payloads.LEAD_ID)

    def health_check(self) -> Any:
        """health_check()."""
        return self.system.health_check()

    def create_lead(self) -> Any:
        """create_lead with a request model built from the fields."""
        request = self.package.CreateLeadRequest(**_payloads.CREATE_FIELDS)
        return self.leads.create_lead(request)

    def iter_leads(self) -> Any:
        """Every lead, paging by hand (the generated client has no iterator)."""
        offset = 0
        while True:
            page = self.list_page(offset)
            yield from page.data
            offset += len(page.data)
            if len(page.data) < _payloads.PAGE_SIZE or offset >= page.total:
                return
