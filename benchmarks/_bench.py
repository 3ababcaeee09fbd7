"""The benchmark run: every scenario, every client, one table."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import _generated, _payloads, _processes, _report
from benchmarks._buena import BuenaClient
from benchmarks._floor import FloorClient, new_http_client
from benchmarks._nginx import NginxServer, nginx_path
from benchmarks._report import Row
from benchmarks._stub import build_stub
from benchmarks._timing import FLOOR, Timings, batch_size, interleave

BUENA = "buena_sdk"
GENERATED = "generated"
MICROSECONDS = 1e6
MILLISECONDS = 1e3
MEMORY_FLAT_TARGET = 1.5
"""Iterating may peak at this many times the memory of one page."""

CALL_SCENARIOS: tuple[tuple[str, str, float], ...] = (
    ("list_leads(limit=100)", "list_leads", 1.10),
    ("get_lead", "get_lead", 2.5),
    ("health_check", "health_check", 2.5),
    ("create_lead", "create_lead", 2.0),
)
HTTP_TARGET = 1.05
IMPORT_TARGET = 1.25
ITERATE_TARGET = 1.10
IMPORTS = {
    FLOOR: "import pydantic, urllib3",
    BUENA: "import buena_sdk",
    GENERATED: f"import {_generated.PACKAGE}",
}
IMPORTS_FOR_A_CALL = {
    FLOOR: "import urllib3; from pydantic import BaseModel, TypeAdapter",
    BUENA: "from buena_sdk import ApiClient, Configuration, DefaultApi",
    GENERATED: f"import {_generated.PACKAGE}",
}
"""What a program imports before its first call (no target: for information)."""


@dataclass(frozen=True)
class Settings:
    """Rounds and batch length; ``--quick`` uses fewer and shorter."""

    rounds: int
    iterate_rounds: int
    http_rounds: int
    import_rounds: int
    batch_seconds: float


FULL = Settings(
    rounds=31, iterate_rounds=31, http_rounds=41, import_rounds=31, batch_seconds=0.02
)
QUICK = Settings(
    rounds=5, iterate_rounds=3, http_rounds=5, import_rounds=5, batch_seconds=0.005
)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _consume(leads: Iterator[Any]) -> int:
    count = 0
    for _ in leads:
        count += 1
    return count


def _row(
    scenario: str,
    timings: Timings,
    target: float | None,
    *,
    unit: str = "us/call",
    scale: float = MICROSECONDS,
    speedup_target: float | None = _report.GENERATED_SPEEDUP_TARGET,
) -> Row:
    row = Row(
        scenario=scenario,
        unit=unit,
        scale=scale,
        target=target,
        floor=timings.median(FLOOR),
        buena_sdk=timings.median(BUENA),
        ratio=timings.ratio(BUENA),
        spread=timings.spread(BUENA),
        speedup_target=speedup_target,
    )
    if GENERATED in timings.per_call:
        row.generated = timings.median(GENERATED)
        row.generated_ratio = timings.ratio(GENERATED)
        row.speedup = timings.ratio(GENERATED, BUENA)
    return row


def _time_calls(
    clients: dict[str, Any],
    settings: Settings,
    rounds: int,
    prefix: str,
    target: float | None,
    speedup_target: float | None,
) -> list[Row]:
    rows = []
    for title, method, call_target in CALL_SCENARIOS:
        _say(f"timing {prefix}{title}")
        calls = {name: getattr(client, method) for name, client in clients.items()}
        batch = batch_size(calls[FLOOR], settings.batch_seconds)
        timings = interleave(calls, rounds, batch)
        rows.append(
            _row(
                prefix + title,
                timings,
                target if target is not None else call_target,
                speedup_target=speedup_target,
            )
        )
    return rows


def _time_iteration(clients: dict[str, Any], settings: Settings) -> Row:
    _say(f"timing iter_leads over {_payloads.ITER_TOTAL:,} leads")
    calls: dict[str, Callable[[], int]] = {}
    for name, client in clients.items():
        count = _consume(client.iter_leads())
        if count != _payloads.ITER_TOTAL:
            raise RuntimeError(f"{name} iterated {count} leads")
        calls[name] = lambda client=client: _consume(client.iter_leads())
    timings = interleave(calls, settings.iterate_rounds, 1)
    return _row(
        f"iter_leads, {_payloads.ITER_TOTAL:,} leads",
        timings,
        ITERATE_TARGET,
        unit="ms/run",
        scale=MILLISECONDS,
    )


def _time_http(
    package: ModuleType | None, settings: Settings, notes: list[str]
) -> list[Row]:
    if nginx_path() is None:
        notes.append("nginx is not installed: the loopback HTTP scenarios were skipped")
        _say(notes[-1])
        return []
    with NginxServer() as server:
        clients: dict[str, Any] = {
            FLOOR: new_http_client(server.base_url),
            BUENA: BuenaClient(base_url=server.base_url),
        }
        if package is not None:
            clients[GENERATED] = _generated.GeneratedClient(
                package, base_url=server.base_url
            )
        try:
            return _time_calls(
                clients, settings, settings.http_rounds, "HTTP ", HTTP_TARGET, None
            )
        finally:
            clients[FLOOR].pool.clear()
            clients[BUENA].api_client.close()


def _time_imports(
    generated: Path | None, settings: Settings, memory: dict[str, Any]
) -> list[Row]:
    rows = []
    for title, imports, target in (
        ("python -c 'import ...' (whole process)", IMPORTS, IMPORT_TARGET),
        ("python -c 'import what a call needs'", IMPORTS_FOR_A_CALL, None),
    ):
        _say(f"timing {title} in fresh processes")
        statements = {
            name: code
            for name, code in imports.items()
            if name != GENERATED or generated is not None
        }
        statements["python"] = "pass"
        timings, peak_rss = _processes.import_costs(
            statements, settings.import_rounds, generated
        )
        memory.setdefault("import_peak_rss_bytes", {})[title] = peak_rss
        memory["python_startup_seconds"] = timings.median("python")
        rows.append(
            _row(
                title,
                timings,
                target,
                unit="ms/process",
                scale=MILLISECONDS,
                speedup_target=_report.GENERATED_SPEEDUP_TARGET if target else None,
            )
        )
    return rows


def _iteration_memory(
    generated: Path | None, memory: dict[str, Any], notes: list[str]
) -> None:
    _say("measuring memory of iterating in child processes")
    results = {}
    for name in (FLOOR, BUENA, GENERATED):
        if name == GENERATED and generated is None:
            continue
        results[name] = _processes.iteration_memory(name, generated)
    memory["iterate"] = results
    ours = results[BUENA]
    growth = ours["iterate_peak_bytes"] / ours["one_page_peak_bytes"]
    memory["iterate_flat"] = growth <= MEMORY_FLAT_TARGET
    notes.append(
        f"iter_leads peak memory is {growth:.2f}x one page "
        f"(target <= {MEMORY_FLAT_TARGET}x): "
        + ("flat" if memory["iterate_flat"] else "NOT flat")
    )


def _generate(folder: Path, notes: list[str]) -> tuple[ModuleType | None, str | None]:
    spec = Path(__file__).resolve().parent.parent / "openapi.yaml"
    _say("generating the OpenAPI-Generator client")
    try:
        generated = _generated.generate(spec, folder)
    except (RuntimeError, OSError) as exc:
        notes.append(f"generated client skipped: {exc}")
        _say(notes[-1])
        return None, None
    return _generated.load(generated.folder), generated.version


def run(settings: Settings, *, with_generated: bool, with_http: bool) -> dict[str, Any]:
    """Every measurement; returns what ``--json`` writes."""
    notes: list[str] = []
    memory: dict[str, Any] = {}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="buena-bench-") as temporary:
        folder = Path(temporary)
        package, version = (None, None)
        if with_generated:
            package, version = _generate(folder, notes)
        generated_folder = folder if package is not None else None

        clients: dict[str, Any] = {
            FLOOR: FloorClient(build_stub()),
            BUENA: BuenaClient(build_stub()),
        }
        if package is not None:
            clients[GENERATED] = _generated.GeneratedClient(package, build_stub())
        rows += _time_calls(
            clients,
            settings,
            settings.rounds,
            "",
            None,
            _report.GENERATED_SPEEDUP_TARGET,
        )
        rows.append(_time_iteration(clients, settings))
        if with_http:
            rows += _time_http(package, settings, notes)
        rows += _time_imports(generated_folder, settings, memory)
        _iteration_memory(generated_folder, memory, notes)

    return {
        "machine": _report.machine() | {"openapi_generator": version},
        "settings": settings.__dict__,
        "rows": [row.as_json() for row in rows],
        "memory": memory,
        "notes": notes,
        "table": _report.table(rows),
        "memory_table": _report.memory_table(memory["iterate"]),
        "import_memory_table": _report.import_memory_table(
            memory["import_peak_rss_bytes"]
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run, print the tables, write JSON if asked."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="buena_sdk against bare urllib3 + pydantic and a generated client.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    parser.add_argument("--json", metavar="PATH", help="also write results as JSON")
    parser.add_argument("--rounds", type=int, help="rounds for the per-call scenarios")
    parser.add_argument(
        "--no-generated", action="store_true", help="skip the generated client"
    )
    parser.add_argument(
        "--no-http", action="store_true", help="skip the loopback HTTP scenarios"
    )
    arguments = parser.parse_args(argv)

    settings = QUICK if arguments.quick else FULL
    if arguments.rounds:
        settings = Settings(**(settings.__dict__ | {"rounds": arguments.rounds}))
    result = run(
        settings,
        with_generated=not arguments.no_generated,
        with_http=not arguments.no_http,
    )

    machine = result["machine"]
    print(
        f"{machine['cpu']}, {machine['cores']} cores; {machine['python']}; "
        f"pydantic {machine['pydantic']}; urllib3 {machine['urllib3']}; "
        f"openapi-generator {machine['openapi_generator'] or '-'}"
    )
    print()
    print(result["table"])
    print()
    print(result["memory_table"])
    print()
    print(result["import_memory_table"])
    for note in result["notes"]:
        print(f"- {note}")
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0
