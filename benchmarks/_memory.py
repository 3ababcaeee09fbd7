"""Peak memory of iterating every lead, measured in a process of its own.

Run as ``python -m benchmarks._memory MODE CLIENT [GENERATED_FOLDER]``
(CLIENT is floor, buena_sdk or generated); prints one JSON object. MODE
``traced``: tracemalloc's peak for one list_leads(limit=100, offset=100) call
and for the whole iteration over 20,000 stubbed leads. MODE ``rss``: how much
the peak resident set size grows from one page to the whole iteration,
without tracemalloc, whose own bookkeeping would inflate it.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import _payloads
from benchmarks._stub import build_stub


def _client(kind: str, generated_folder: str | None) -> Any:
    if kind == "floor":
        from benchmarks._floor import FloorClient

        return FloorClient(build_stub())
    if kind == "buena_sdk":
        from benchmarks._buena import BuenaClient

        return BuenaClient(build_stub())
    from benchmarks import _generated

    if generated_folder is None:
        raise SystemExit("the generated client needs its folder")
    package = _generated.load(Path(generated_folder))
    return _generated.GeneratedClient(package, build_stub())


def _consume(leads: Iterator[Any]) -> int:
    count = 0
    for _ in leads:
        count += 1
    return count


def _traced_peak(action: Any) -> tuple[int, Any]:
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    result = action()
    peak = tracemalloc.get_traced_memory()[1] - before
    return peak, result


def _max_rss_bytes() -> int:
    """Peak resident set size of this process so far."""
    # VmHWM is this process's own; ru_maxrss (kilobytes on Linux) also counts
    # the parent's pages from before the exec that started this process.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure_traced(kind: str, generated_folder: str | None) -> dict[str, Any]:
    """Traced peak memory of one page and of iterating all leads."""
    # Tracing starts before the warm-up so that pydantic's bounded cache of
    # decoded strings is full (and traced) before anything is measured.
    tracemalloc.start()
    client = _client(kind, generated_folder)
    client.list_leads()
    _consume(client.iter_leads())

    one_page, page = _traced_peak(lambda: client.list_page(_payloads.PAGE_SIZE))
    del page
    iterate_peak, count = _traced_peak(lambda: _consume(client.iter_leads()))
    all_leads_peak, all_leads = _traced_peak(lambda: list(client.iter_leads()))
    del all_leads
    tracemalloc.stop()

    _check_count(kind, count)
    return {
        "one_page_peak_bytes": one_page,
        "iterate_peak_bytes": iterate_peak,
        "all_leads_in_a_list_bytes": all_leads_peak,
    }


def measure_rss(kind: str, generated_folder: str | None) -> dict[str, Any]:
    """Growth of the peak resident set size from one page to all leads."""
    client = _client(kind, generated_folder)
    client.list_page(_payloads.PAGE_SIZE)
    gc.collect()

    before = _max_rss_bytes()
    count = _consume(client.iter_leads())
    after = _max_rss_bytes()

    _check_count(kind, count)
    return {"max_rss_bytes": after, "max_rss_growth_bytes": after - before}


def _check_count(kind: str, count: int) -> None:
    if count != _payloads.ITER_TOTAL:
        raise SystemExit(f"{kind} iterated {count} leads, not {_payloads.ITER_TOTAL}")


def main(argv: list[str]) -> None:
    """``traced|rss CLIENT [GENERATED_FOLDER]``: measure, print JSON."""
    mode, kind = argv[0], argv[1]
    folder = argv[2] if len(argv) > 2 else None
    measure = measure_traced if mode == "traced" else measure_rss
    print(json.dumps(measure(kind, folder)))


if __name__ == "__main__":
    main(sys.argv[1:])
