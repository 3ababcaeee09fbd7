"""The results table, the machine description and the JSON output."""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from typing import Any

GENERATED_SPEEDUP_TARGET = 2.0


@dataclass
class Row:
    """One scenario: medians per client, ratios and whether targets are met."""

    scenario: str
    unit: str
    scale: float
    target: float | None
    floor: float
    buena_sdk: float
    ratio: float
    spread: float = 0.0
    generated: float | None = None
    generated_ratio: float | None = None
    speedup: float | None = None
    speedup_target: float | None = GENERATED_SPEEDUP_TARGET
    notes: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        """The ratio to the floor is within the target (None: no target)."""
        return None if self.target is None else self.ratio <= self.target

    @property
    def speedup_met(self) -> bool | None:
        """buena_sdk is at least ``speedup_target`` times faster than generated."""
        if self.speedup is None or self.speedup_target is None:
            return None
        return self.speedup >= self.speedup_target

    def as_json(self) -> dict[str, Any]:
        """The row with both verdicts, for ``--json``."""
        data = asdict(self)
        data["met"] = self.met
        data["speedup_met"] = self.speedup_met
        return data


def _tool_version(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = (completed.stdout + completed.stderr).strip()
    return text.splitlines()[0] if text else None


def machine() -> dict[str, Any]:
    """CPU, cores, Python and library versions of this run."""
    import pydantic
    import pydantic_core
    import urllib3

    import buena_sdk

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            match = re.search(r"^model name\s*:\s*(.+)$", info.read(), re.MULTILINE)
        if match:
            cpu = match.group(1).strip()
    except OSError:
        pass
    return {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "pydantic": pydantic.VERSION,
        "pydantic_core": pydantic_core.__version__,
        "urllib3": urllib3.__version__,
        "buena_sdk": buena_sdk.__version__,
        "nginx": _tool_version(["nginx", "-v"]),
        "java": _tool_version(["java", "-version"]),
    }


def _number(value: float | None, scale: float) -> str:
    if value is None:
        return "-"
    scaled = value * scale
    return f"{scaled:.0f}" if scaled >= 100 else f"{scaled:.1f}"


def _ratio(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}x"


def _target(value: float | None) -> str:
    return "-" if value is None else f"<= {value:.2f}x"


def _verdict(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[value]


def table(rows: list[Row]) -> str:
    """A Markdown table of every row."""
    header = (
        "| scenario | unit | floor | buena_sdk | ratio | target | met "
        "| generated | gen. ratio | buena_sdk faster by | >= 2x |"
    )
    lines = [header, "|" + "---|" * 11]
    for row in rows:
        lines.append(
            f"| {row.scenario} | {row.unit} | {_number(row.floor, row.scale)} "
            f"| {_number(row.buena_sdk, row.scale)} | {_ratio(row.ratio, 3)} "
            f"| {_target(row.target)} | {_verdict(row.met)} "
            f"| {_number(row.generated, row.scale)} | {_ratio(row.generated_ratio)} "
            f"| {_ratio(row.speedup)} | {_verdict(row.speedup_met)} |"
        )
    return "\n".join(lines)


def memory_table(results: dict[str, dict[str, Any]]) -> str:
    """A Markdown table of the iteration memory measurements."""
    lines = [
        "| client | one page (traced peak) | iterating 20,000 (traced peak) "
        "| iterate / page | all 20,000 in a list | peak RSS growth |",
        "|" + "---|" * 6,
    ]
    for client, result in results.items():
        page = result["one_page_peak_bytes"]
        iterate = result["iterate_peak_bytes"]
        everything = result["all_leads_in_a_list_bytes"] / 2**20
        growth = result["max_rss_growth_bytes"] / 2**20
        lines.append(
            f"| {client} | {page / 1024:.0f} KiB | {iterate / 1024:.0f} KiB "
            f"| {iterate / page:.2f}x | {everything:.1f} MiB | {growth:.1f} MiB |"
        )
    return "\n".join(lines)


def import_memory_table(peaks: dict[str, dict[str, int | None]]) -> str:
    """A Markdown table of the peak RSS of each import process."""
    clients = ["floor", "buena_sdk", "generated", "python"]
    lines = [
        "| peak RSS (MiB) | " + " | ".join(clients) + " |",
        "|" + "---|" * (len(clients) + 1),
    ]
    for title, values in peaks.items():
        cells = [
            "-" if values.get(name) is None else f"{values[name] / 2**20:.1f}"
            for name in clients
        ]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
