"""The package itself: public names, module layout, dependencies, import cost."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import buena_sdk
import buena_sdk.exceptions
import buena_sdk.rest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; its predecessor reads the same files.
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "buena_sdk"
MODELS = {
    "lead": "Lead",
    "list_leads200_response": "ListLeads200Response",
    "create_lead_request": "CreateLeadRequest",
    "update_lead_request": "UpdateLeadRequest",
    "delete_lead200_response": "DeleteLead200Response",
    "api_key": "ApiKey",
    "list_api_keys_response": "ListApiKeysResponse",
    "create_api_key_request": "CreateApiKeyRequest",
    "health_check200_response": "HealthCheck200Response",
    "error": "Error",
}
CORE_NAMES = ("Configuration", "ApiClient", "ApiResponse", "DefaultApi")
PUBLIC_MODULES = (
    "configuration.py",
    "api_client.py",
    "rest.py",
    "exceptions.py",
    "api_response.py",
    "api/__init__.py",
    "api/default_api.py",
    "models/__init__.py",
    "py.typed",
)
# Distribution name -> the module it is imported as.
RUNTIME_DEPENDENCIES = {
    "urllib3": "urllib3",
    "pydantic": "pydantic",
    "python-dateutil": "dateutil",
    "typing-extensions": "typing_extensions",
}
THIRD_PARTY = (*RUNTIME_DEPENDENCIES.values(), "pydantic_core")


def exception_classes() -> list[type[BaseException]]:
    """Every exception class defined in buena_sdk.exceptions."""
    return [
        value
        for value in vars(buena_sdk.exceptions).values()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__ == "buena_sdk.exceptions"
    ]


def python_files(folder: Path) -> list[Path]:
    """Every module under ``folder``."""
    return sorted(folder.rglob("*.py"))


def imported_top_level_modules(path: Path) -> set[str]:
    """Top-level names of the absolute imports in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def normalized(requirement: str) -> str:
    """The distribution name of a requirement, normalized (PEP 503)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def pyproject() -> dict[str, object]:
    """pyproject.toml, parsed."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        parsed: dict[str, object] = tomllib.load(handle)
    return parsed


def modules_loaded_by(statement: str) -> set[str]:
    """Top-level modules a fresh interpreter has loaded after ``statement``."""
    script = (
        "import json, sys\n"
        f"{statement}\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return set(json.loads(result.stdout))


# -- public names ---------------------------------------------------------------


@pytest.mark.parametrize("name", buena_sdk.__all__)
def test_every_name_in_all_is_importable_from_the_package(name: str) -> None:
    assert getattr(buena_sdk, name) is not None
    assert name in dir(buena_sdk)


@pytest.mark.parametrize("name", [*CORE_NAMES, *MODELS.values()])
def test_core_classes_and_models_are_exported(name: str) -> None:
    assert name in buena_sdk.__all__
    assert inspect.isclass(getattr(buena_sdk, name))


@pytest.mark.parametrize("exception", exception_classes(), ids=lambda c: c.__name__)
def test_every_exception_is_exported(exception: type[BaseException]) -> None:
    assert exception.__name__ in buena_sdk.__all__
    assert getattr(buena_sdk, exception.__name__) is exception


def test_exports_are_the_objects_of_their_home_modules() -> None:
    from buena_sdk.api.default_api import DefaultApi
    from buena_sdk.api_client import ApiClient
    from buena_sdk.api_response import ApiResponse
    from buena_sdk.configuration import Configuration

    assert buena_sdk.Configuration is Configuration
    assert buena_sdk.ApiClient is ApiClient
    assert buena_sdk.ApiResponse is ApiResponse
    assert buena_sdk.DefaultApi is DefaultApi
    for module_name, class_name in MODELS.items():
        module = importlib.import_module(f"buena_sdk.models.{module_name}")
        assert getattr(buena_sdk, class_name) is getattr(module, class_name)


def test_star_import_brings_every_public_name() -> None:
    namespace: dict[str, object] = {}

    exec("from buena_sdk import *", namespace)

    assert set(buena_sdk.__all__) <= set(namespace)
    assert namespace["Configuration"] is buena_sdk.Configuration


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        _ = buena_sdk.NoSuchThing


def test_rest_api_exception_is_the_exceptions_api_exception() -> None:
    from buena_sdk.rest import ApiException

    assert ApiException is buena_sdk.exceptions.ApiException
    assert ApiException is buena_sdk.ApiException
    assert "ApiException" in buena_sdk.rest.__all__


def test_reference_imports_work_verbatim() -> None:
    namespace: dict[str, object] = {}

    exec(
        "import buena_sdk\n"
        "from buena_sdk.api.default_api import DefaultApi\n"
        "from buena_sdk.rest import ApiException\n",
        namespace,
    )

    assert namespace["ApiException"] is buena_sdk.ApiException
    assert namespace["DefaultApi"] is buena_sdk.DefaultApi


def test_models_package_exports_every_model() -> None:
    from buena_sdk import models

    assert set(MODELS.values()) <= set(models.__all__)
    for class_name in MODELS.values():
        assert getattr(models, class_name) is getattr(buena_sdk, class_name)


def test_version_matches_the_distribution_metadata() -> None:
    project = pyproject()["project"]

    assert isinstance(project, dict)
    assert buena_sdk.__version__ == project["version"]
    assert buena_sdk.ApiClient(buena_sdk.Configuration()).user_agent.endswith(
        f"/{project['version']}"
    )


# -- layout -----------------------------------------------------------------------


@pytest.mark.parametrize("relative", PUBLIC_MODULES)
def test_public_module_is_where_generated_clients_put_it(relative: str) -> None:
    assert (PACKAGE / relative).is_file()


def test_models_folder_holds_one_module_per_model() -> None:
    public = {
        path.stem
        for path in (PACKAGE / "models").glob("*.py")
        if not path.name.startswith("_")
    }

    assert public == set(MODELS)


@pytest.mark.parametrize(("module_name", "class_name"), sorted(MODELS.items()))
def test_each_model_module_defines_its_model(module_name: str, class_name: str) -> None:
    module = importlib.import_module(f"buena_sdk.models.{module_name}")

    assert getattr(module, class_name).__module__ == module.__name__


def test_py_typed_is_shipped_as_package_data() -> None:
    tool = pyproject()["tool"]

    assert isinstance(tool, dict)
    assert "py.typed" in tool["setuptools"]["package-data"]["buena_sdk"]


# -- dependencies -----------------------------------------------------------------


def test_runtime_dependencies_are_exactly_the_four() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)

    declared = {normalized(requirement) for requirement in project["dependencies"]}

    assert declared == set(RUNTIME_DEPENDENCIES)


@pytest.mark.parametrize(("distribution", "module"), RUNTIME_DEPENDENCIES.items())
def test_each_dependency_is_imported_by_the_client(
    distribution: str, module: str
) -> None:
    client_files = [
        path for path in python_files(PACKAGE) if "testing" not in path.parts
    ]

    importers = [
        path for path in client_files if module in imported_top_level_modules(path)
    ]

    assert importers, f"{distribution} is declared but {module} is never imported"


def test_client_imports_no_undeclared_third_party_module() -> None:
    allowed = set(RUNTIME_DEPENDENCIES.values()) | {"buena_sdk"}
    for path in python_files(PACKAGE):
        if "testing" in path.parts:
            continue
        external = imported_top_level_modules(path) - set(sys.stdlib_module_names)
        assert external <= allowed, f"{path.relative_to(ROOT)} imports {external}"


def test_testing_modules_import_only_the_standard_library() -> None:
    for path in python_files(PACKAGE / "testing"):
        external = imported_top_level_modules(path) - set(sys.stdlib_module_names)
        assert not external, f"{path.relative_to(ROOT)} imports {external}"


def test_importing_buena_sdk_testing_loads_no_third_party_module() -> None:
    loaded = modules_loaded_by("import buena_sdk.testing")

    assert "buena_sdk" in loaded
    assert not loaded & set(THIRD_PARTY)


def test_mock_server_runs_without_any_third_party_module() -> None:
    statement = (
        "import urllib.request\n"
        "from buena_sdk.testing import MockServer\n"
        "with MockServer() as server:\n"
        "    request = urllib.request.Request(\n"
        "        server.url + '/health', headers={'x-api-key': server.api_key}\n"
        "    )\n"
        "    with urllib.request.urlopen(request, timeout=10) as response:\n"
        "        assert response.status == 200\n"
    )

    loaded = modules_loaded_by(statement)

    assert not loaded & set(THIRD_PARTY)


def test_importing_buena_sdk_alone_is_cheap() -> None:
    loaded = modules_loaded_by("import buena_sdk")

    assert not loaded & set(THIRD_PARTY)


def test_first_use_of_a_name_loads_what_it_needs() -> None:
    loaded = modules_loaded_by("import buena_sdk\nbuena_sdk.Lead")

    assert "pydantic" in loaded
