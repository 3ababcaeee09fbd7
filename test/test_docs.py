"""The documentation runs and stays complete.

- Every ```python block of README.md and docs/*.md is executed against a fresh
  MockServer, reachable from the block as ``server`` (see docs/README.md). A
  block preceded by ``<!-- not-run: reason -->`` is skipped with that reason.
- Every operation and schema of openapi.yaml has its documentation, and the
  model pages list exactly the schema's properties.
- Every relative link and #anchor in README.md and docs/*.md resolves.
- Every public class, method and function of buena_sdk has a docstring.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
import pkgutil
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import buena_sdk
import buena_sdk.models
from buena_sdk import exceptions
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiConnectionError, exception_class_for_status
from buena_sdk.testing import MockServer

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
README = REPO / "README.md"
DOC_FILES = [README, *sorted(DOCS.glob("*.md"))]
SPEC = yaml.safe_load((REPO / "openapi.yaml").read_text(encoding="utf-8"))

EXAMPLE_SEED_LEADS = 25
EXAMPLE_RANDOM_SEED = 2024

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_NOT_RUN = re.compile(r"^<!--\s*not-run:\s*(?P<reason>\S.*?)\s*-->$")
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\((?P<target>[^)\s]+)")
_HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"(?P<name>[^\"]+)\"")
_INLINE_CODE = re.compile(r"`+[^`]*`+")


# -- reading markdown -------------------------------------------------------


@dataclass(frozen=True)
class CodeBlock:
    """One fenced code block of a markdown file."""

    path: Path
    language: str
    first_line: int
    source: str
    not_run_reason: str | None

    @property
    def name(self) -> str:
        return self.path.relative_to(REPO).as_posix()


def read_markdown(path: Path) -> tuple[list[str], list[CodeBlock]]:
    """The lines outside code blocks, and the code blocks themselves."""
    prose: list[str] = []
    blocks: list[CodeBlock] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            prose.append(lines[index])
            index += 1
            continue

        fence, indent = match["fence"], len(match["indent"])
        end = index + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        body = [_dedent(line, indent) for line in lines[index + 1 : end]]
        blocks.append(
            CodeBlock(
                path=path,
                language=match["info"].strip().split(" ")[0].lower(),
                first_line=index + 2,
                source="\n".join(body) + "\n",
                not_run_reason=_not_run_reason(lines, index),
            )
        )
        prose.append("")  # keeps the block out of the text around it
        index = end + 1
    return prose, blocks


def _dedent(line: str, indent: int) -> str:
    """Drop up to ``indent`` leading spaces, as CommonMark does in a fence."""
    return line[min(indent, len(line) - len(line.lstrip(" "))) :]


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and set(stripped) == {fence[0]}


def _not_run_reason(lines: list[str], fence_index: int) -> str | None:
    """The reason of a not-run marker on the last non-blank line before a fence."""
    for previous in reversed(lines[:fence_index]):
        if previous.strip():
            match = _NOT_RUN.match(previous.strip())
            return match["reason"] if match else None
    return None


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in " -_" or category[0] in "LMN":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    """Every #anchor a markdown file offers, duplicates numbered as GitHub does."""
    prose, _ = read_markdown(path)
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for line in prose:
        anchors.update(match["name"] for match in _HTML_ANCHOR.finditer(line))
        heading = _HEADING.match(line)
        if heading is None:
            continue
        slug = github_slug(heading["text"])
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def links_of(path: Path) -> list[str]:
    """The targets of the markdown links in a file's prose (code excluded)."""
    prose, _ = read_markdown(path)
    targets: list[str] = []
    for line in prose:
        text = _INLINE_CODE.sub("", line)
        targets.extend(match["target"] for match in _LINK.finditer(text))
    return targets


def table_rows(lines: list[str], after_heading: str) -> list[list[str]]:
    """The cells of the first table under a heading, header row excluded."""
    start = next(
        i
        for i, line in enumerate(lines)
        if (match := _HEADING.match(line)) and match["text"] == after_heading
    )
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if _HEADING.match(line):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]


def _unquote(cell: str) -> str:
    return cell.strip().strip("`")


# -- running the examples ---------------------------------------------------


def _python_blocks() -> list[Any]:
    params = []
    for path in DOC_FILES:
        _, blocks = read_markdown(path)
        python = [block for block in blocks if block.language in ("python", "py")]
        for number, block in enumerate(python):
            marks = []
            if block.not_run_reason is not None:
                marks.append(pytest.mark.skip(reason=block.not_run_reason))
            params.append(pytest.param(block, id=f"{block.name}-{number}", marks=marks))
    return params


@pytest.fixture
def isolated_process_state(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[None]:
    """Undo what an example may change for the whole process.

    Examples may set environment variables, switch on debug logging, add
    handlers or install a default configuration; none of it may leak into
    the next example or the rest of the suite. Files land in ``tmp_path``.
    """
    monkeypatch.delenv("BUENA_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    saved_environ = dict(os.environ)
    loggers = [logging.getLogger(), logging.getLogger("buena_sdk")]
    saved_loggers = [(lg, lg.level, list(lg.handlers)) for lg in loggers]
    saved_defaults = (buena_sdk.Configuration._default, buena_sdk.ApiClient._default)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
        for target, level, handlers in saved_loggers:
            for handler in target.handlers:
                if handler not in handlers:
                    handler.close()
            target.handlers[:] = handlers
            target.setLevel(level)
        default_client = buena_sdk.ApiClient._default
        if default_client is not None and default_client is not saved_defaults[1]:
            default_client.close()
        buena_sdk.Configuration._default, buena_sdk.ApiClient._default = saved_defaults


@pytest.mark.usefixtures("isolated_process_state")
@pytest.mark.parametrize("block", _python_blocks())
def test_documentation_example_runs(block: CodeBlock) -> None:
    # Padding with blank lines makes tracebacks point at the markdown line.
    source = "\n" * (block.first_line - 1) + block.source
    code = compile(source, str(block.path), "exec")
    with MockServer(
        seed_leads=EXAMPLE_SEED_LEADS, random_seed=EXAMPLE_RANDOM_SEED
    ) as server:
        namespace: dict[str, Any] = {"__name__": "__main__", "server": server}
        exec(code, namespace)


def test_documentation_has_runnable_examples() -> None:
    blocks = [block.values[0] for block in _python_blocks()]
    assert len(blocks) >= 40
    skipped = [block for block in blocks if block.not_run_reason is not None]
    # Not running a block is the rare exception, not the habit.
    assert len(skipped) <= len(blocks) // 10


def test_not_run_markers_sit_right_before_a_python_block() -> None:
    for path in DOC_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if not _NOT_RUN.match(line.strip()):
                continue
            following = next((text for text in lines[number + 1 :] if text.strip()), "")
            assert following.strip() in ("```python", "```py"), (
                f"{path.name}:{number + 1}: a not-run marker must precede "
                "a ```python block"
            )


# -- coverage of the API description ----------------------------------------


def _operations() -> list[tuple[str, str, str]]:
    found = []
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.append((operation["operationId"], method.upper(), path))
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


OPERATIONS = _operations()
SCHEMAS = list(SPEC["components"]["schemas"])


@pytest.mark.parametrize(
    ("operation_id", "method", "path"), OPERATIONS, ids=[op[0] for op in OPERATIONS]
)
def test_every_operation_has_a_section_in_default_api_md(
    operation_id: str, method: str, path: str
) -> None:
    name = _snake(operation_id)
    assert name in anchors_of(DOCS / "DefaultApi.md")

    text = (DOCS / "DefaultApi.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
    assert f"`{method} {path}`" in section
    for variant in ("_with_http_info", "_without_preload_content", "_async"):
        assert f"{name}{variant}" in section
    assert "```python" in section


def test_every_public_default_api_method_is_documented() -> None:
    text = (DOCS / "DefaultApi.md").read_text(encoding="utf-8")
    public = [
        name
        for name, value in vars(DefaultApi).items()
        if not name.startswith("_") and callable(value)
    ]
    assert len(public) == 8 * 4 + 1
    for name in public:
        assert re.search(rf"(?<!\w){name}(?!\w)", text), (
            f"DefaultApi.{name} is not in docs/DefaultApi.md"
        )


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_schema_has_a_model_page(schema: str) -> None:
    page = DOCS / f"{schema}.md"
    assert page.is_file(), f"docs/{schema}.md is missing"
    first_line = page.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# {schema}"


@pytest.mark.parametrize("schema", SCHEMAS)
def test_model_page_lists_exactly_the_schema_properties(schema: str) -> None:
    definition = SPEC["components"]["schemas"][schema]
    prose, _ = read_markdown(DOCS / f"{schema}.md")
    rows = table_rows(prose, "Properties")

    documented = {_unquote(row[0]): row for row in rows}
    assert list(documented) == list(definition["properties"])
    assert set(documented) == set(getattr(buena_sdk, schema).model_fields)
    required = set(definition.get("required", ()))
    for name, row in documented.items():
        nullable = bool(definition["properties"][name].get("nullable"))
        assert row[2] == ("yes" if name in required else "no"), f"{name}: required"
        assert row[3] == ("yes" if nullable else "no"), f"{name}: nullable"
        assert row[4], f"{name}: no description"


def test_readme_tables_link_every_operation_and_model() -> None:
    prose, _ = read_markdown(README)
    operations = table_rows(prose, "Operations")
    documented = {}
    for row in operations:
        match = re.fullmatch(r"\[`(\w+)`\]\(docs/DefaultApi\.md#(\w+)\)", row[0])
        assert match, row
        assert match[1] == match[2]
        documented[match[1]] = _unquote(row[1])
    assert documented == {
        _snake(operation_id): f"{method} {path}"
        for operation_id, method, path in OPERATIONS
    }

    models = table_rows(prose, "Models")
    linked = set()
    for row in models:
        match = re.fullmatch(r"\[`(\w+)`\]\(docs/(\w+)\.md\)", row[0])
        assert match, row
        assert match[1] == match[2]
        linked.add(match[1])
    assert linked == set(SCHEMAS)


def test_readme_error_table_matches_the_exception_classes() -> None:
    prose, _ = read_markdown(README)
    rows = table_rows(prose, "Error handling")
    statuses = {}
    for row in rows:
        status, class_name = _unquote(row[0]), _unquote(row[1])
        statuses[status] = class_name
        if status == "0":  # no response: the transport's own classes
            assert issubclass(getattr(exceptions, class_name), ApiConnectionError)
            continue
        sample = 503 if status == "5xx" else int(status)
        assert exception_class_for_status(sample).__name__ == class_name
    assert {"400", "401", "403", "404", "409", "422", "429", "5xx"} <= set(statuses)


def test_readme_opens_with_the_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_blocks = [block.source.strip() for block in read_markdown(README)[1][:2]]
    assert first_blocks == [
        "python -m pip install . && python examples/quickstart.py",
        "python -m pip install tox && python -m tox",
    ]
    # Both commands come before any other section of the README.
    assert text.index(first_blocks[1]) < text.index("\n## Install")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    tox_ini = (REPO / "tox.ini").read_text(encoding="utf-8")
    assert re.search(r"^env_list = py, ruff, mypy$", tox_ini, flags=re.MULTILINE)
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "python -m pip install tox && python -m tox" in ci_lines


# -- links ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", DOC_FILES, ids=[p.relative_to(REPO).as_posix() for p in DOC_FILES]
)
def test_relative_links_and_anchors_resolve(path: Path) -> None:
    broken = []
    for target in links_of(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # http, https, mailto: not checked offline
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if not destination.exists() or REPO not in destination.parents:
            broken.append(f"{target} (no such file)")
            continue
        is_markdown = destination.suffix == ".md"
        if anchor and is_markdown and anchor not in anchors_of(destination):
            broken.append(f"{target} (no such anchor)")
    assert not broken, f"{path.name}: {broken}"


def test_markdown_reader_finds_blocks_markers_and_line_numbers(
    tmp_path: Path,
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\nText with `code`.\n\n```python\nprint(1)\n```\n\n"
        "<!-- not-run: needs a real account -->\n```python\nprint(2)\n```\n\n"
        "````markdown\n```python\ninner\n```\n````\n\n"
        "~~~sh\nls\n~~~\n",
        encoding="utf-8",
    )
    prose, blocks = read_markdown(page)
    found = [(b.language, b.first_line, b.source, b.not_run_reason) for b in blocks]
    assert found == [
        ("python", 6, "print(1)\n", None),
        ("python", 11, "print(2)\n", "needs a real account"),
        ("markdown", 15, "```python\ninner\n```\n", None),
        ("sh", 21, "ls\n", None),
    ]
    assert "# Title" in prose
    assert not any("print" in line or "inner" in line for line in prose)


def test_anchors_and_links_ignore_code_and_number_duplicates(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        '# Guide\n## Step\n## Step\n<a id="custom"></a>\n'
        "See [a](other.md#x) and `[b](ignored.md)`.\n"
        "```python\n# Not a heading\nprint('[c](ignored.md)')\n```\n",
        encoding="utf-8",
    )
    assert anchors_of(page) == {"guide", "step", "step-1", "custom"}
    assert links_of(page) == ["other.md#x"]


def test_github_slug_follows_github_rules() -> None:
    assert github_slug("list_leads") == "list_leads"
    assert github_slug("Retries and rate limits") == "retries-and-rate-limits"
    assert github_slug("`Fault.status(code)`: answer") == "faultstatuscode-answer"
    assert github_slug("[Lead](Lead.md) model") == "lead-model"


# -- docstrings -------------------------------------------------------------

PUBLIC_MODULES = [
    "buena_sdk",
    "buena_sdk.configuration",
    "buena_sdk.api_client",
    "buena_sdk.api_response",
    "buena_sdk.rest",
    "buena_sdk.exceptions",
    "buena_sdk.api",
    "buena_sdk.api.default_api",
    "buena_sdk.models",
    *(
        f"buena_sdk.models.{info.name}"
        for info in pkgutil.iter_modules(buena_sdk.models.__path__)
        if not info.name.startswith("_")
    ),
    "buena_sdk.testing",
]


def _public_names(module: ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    return list(names)


def _undocumented(module: ModuleType) -> Iterator[str]:
    if not (module.__doc__ or "").strip():
        yield module.__name__
    for name in _public_names(module):
        value = getattr(module, name)
        if not getattr(value, "__module__", "").startswith("buena_sdk"):
            continue
        if inspect.isfunction(value) and not (value.__doc__ or "").strip():
            yield f"{module.__name__}.{name}"
        if inspect.isclass(value):
            yield from _undocumented_class(value)


def _undocumented_class(cls: type) -> Iterator[str]:
    where = f"{cls.__module__}.{cls.__qualname__}"
    if not (cls.__doc__ or "").strip():
        yield where
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        function = member
        if isinstance(member, (classmethod, staticmethod)):
            function = member.__func__
        if isinstance(member, property):
            function = member.fget
        if inspect.isfunction(function) and not (function.__doc__ or "").strip():
            yield f"{where}.{name}"


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_api_has_docstrings(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert sorted(set(_undocumented(module))) == []
