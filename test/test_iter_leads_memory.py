"""iter_leads keeps one page in memory at a time, however many leads there are.

Measured with tracemalloc against a seeded MockServer: no timing involved.
The server runs in a process of its own (``python -m buena_sdk.testing``), so
the traced memory is the client's alone.
"""

from __future__ import annotations

import gc
import selectors
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi

LEAD_COUNT = 2_000
PAGE_SIZE = 50
API_KEY = "bna_memory_test_key"
START_TIMEOUT_SECONDS = 30.0


def start_mock_process() -> tuple[subprocess.Popen[str], str]:
    """A MockServer with 2,000 leads in a child process, and its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "buena_sdk.testing",
            "--port=0",
            f"--seed-leads={LEAD_COUNT}",
            "--random-seed=11",
            f"--api-key={API_KEY}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=START_TIMEOUT_SECONDS)
    first_line = process.stdout.readline() if ready else ""
    if "http://" not in first_line:
        process.kill()
        process.wait()
        process.stdout.close()
        pytest.fail(f"the mock server did not start: {first_line!r}")
    return process, first_line[first_line.index("http://") :].strip()


@pytest.fixture(scope="module")
def many_leads_api() -> Iterator[DefaultApi]:
    """A client for a mock server holding 2,000 leads."""
    process, url = start_mock_process()
    try:
        configuration = buena_sdk.Configuration(host=url, retries=0)
        configuration.api_key["ApiKeyAuth"] = API_KEY
        with buena_sdk.ApiClient(configuration) as client:
            yield DefaultApi(client)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def traced() -> Iterator[None]:
    """tracemalloc on for the test, off afterwards."""
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def traced_peak(action: Callable[[], Any]) -> tuple[int, Any]:
    """Peak traced memory above the starting point while ``action`` runs."""
    gc.collect()
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    result = action()
    return tracemalloc.get_traced_memory()[1] - start, result


def count_leads(api: DefaultApi) -> int:
    """Iterate every lead, keeping none of them."""
    count = 0
    for _ in api.iter_leads(page_size=PAGE_SIZE):
        count += 1
    return count


@pytest.mark.usefixtures("traced")
def test_iter_leads_holds_one_page_at_a_time(many_leads_api: DefaultApi) -> None:
    api = many_leads_api
    # Warm up while traced: validators get built and pydantic's bounded cache
    # of decoded strings fills before anything is measured.
    assert count_leads(api) == LEAD_COUNT

    one_page, page = traced_peak(lambda: api.list_leads(limit=PAGE_SIZE, offset=50))
    assert len(page.data) == PAGE_SIZE
    del page
    iterating, count = traced_peak(lambda: count_leads(api))
    everything, leads = traced_peak(lambda: list(api.iter_leads(page_size=PAGE_SIZE)))

    assert count == LEAD_COUNT
    assert len({lead.id for lead in leads}) == LEAD_COUNT
    # Forty pages go by; memory stays at about one of them (holding two
    # pages at once would come to about twice as much).
    assert iterating < 1.5 * one_page
    assert iterating * 10 < everything


@pytest.mark.usefixtures("traced")
def test_iter_leads_frees_pages_the_caller_has_moved_past(
    many_leads_api: DefaultApi,
) -> None:
    api = many_leads_api
    assert count_leads(api) == LEAD_COUNT

    leads = api.iter_leads(page_size=PAGE_SIZE)
    for _ in range(PAGE_SIZE * 2):
        next(leads)
    gc.collect()
    after_two_pages = tracemalloc.get_traced_memory()[0]
    for _ in range(PAGE_SIZE * 30):
        next(leads)
    gc.collect()
    after_thirty_two_pages = tracemalloc.get_traced_memory()[0]
    leads.close()

    # Thirty more pages read, yet at most a page's worth more is held.
    one_page, page = traced_peak(lambda: api.list_leads(limit=PAGE_SIZE))
    del page
    assert after_thirty_two_pages - after_two_pages < one_page
