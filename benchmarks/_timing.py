"""Interleaved timing: every client runs in every round, in rotating order.

Machines drift (frequency scaling, other processes), so clients are never
timed in separate blocks. Each round times every client (the fastest of a
few back-to-back batches), the order rotating from round to round, and the
ratio to the floor is taken within each round before the median is taken
across rounds.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

FLOOR = "floor"


@dataclass
class Timings:
    """Seconds per call for each client, one value per round."""

    per_call: dict[str, list[float]] = field(default_factory=dict)

    def median(self, client: str) -> float:
        """The median seconds per call of ``client``."""
        return statistics.median(self.per_call[client])

    def ratio(self, client: str, baseline: str = FLOOR) -> float:
        """Median over rounds of ``client`` time / ``baseline`` time."""
        pairs = zip(self.per_call[client], self.per_call[baseline], strict=True)
        return statistics.median(mine / theirs for mine, theirs in pairs)

    def spread(self, client: str) -> float:
        """Interquartile range relative to the median (0.05 = 5 %)."""
        values = self.per_call[client]
        if len(values) < 4:
            return 0.0
        quartiles = statistics.quantiles(values, n=4)
        return (quartiles[2] - quartiles[0]) / statistics.median(values)


def batch_size(call: Callable[[], Any], seconds: float, limit: int = 100_000) -> int:
    """Calls per batch so that one batch takes about ``seconds``."""
    call()
    count = 1
    while count < limit:
        started = time.perf_counter()
        for _ in range(count):
            call()
        elapsed = time.perf_counter() - started
        if elapsed >= seconds / 4:
            return max(1, min(limit, round(count * seconds / elapsed)))
        count *= 4
    return limit


def interleave(
    calls: Mapping[str, Callable[[], Any]], rounds: int, batch: int, repeats: int = 3
) -> Timings:
    """Time each client ``rounds`` times, in rotating order.

    In a round each client runs ``repeats`` batches of ``batch`` calls back to
    back and keeps its fastest, the one least disturbed by the rest of the
    machine.
    """
    names = list(calls)
    timings = Timings({name: [] for name in names})
    for call in calls.values():
        call()  # warm up: build validators, open connections
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            call = calls[name]
            fastest = float("inf")
            for _ in range(repeats):
                gc.collect()
                started = time.perf_counter()
                for _ in range(batch):
                    call()
                fastest = min(fastest, time.perf_counter() - started)
            timings.per_call[name].append(fastest / batch)
    return timings
