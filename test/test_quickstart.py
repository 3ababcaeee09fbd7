"""The quickstart tour runs on its own, as the README promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import buena_sdk

REPO = Path(__file__).resolve().parent.parent
QUICKSTART = REPO / "examples" / "quickstart.py"
RUN_TIMEOUT_SECONDS = 60


@pytest.fixture(scope="module")
def tour() -> subprocess.CompletedProcess[str]:
    """Run the quickstart once, as a user would, with no API key around."""
    env = {k: v for k, v in os.environ.items() if k != "BUENA_API_KEY"}
    # Import the same buena_sdk the tests use, even when it is not installed.
    package_root = str(Path(buena_sdk.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [package_root, env.get("PYTHONPATH")])
    )
    return subprocess.run(
        [sys.executable, str(QUICKSTART)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        env=env,
        cwd=REPO,
        check=False,
    )


def test_quickstart_exits_zero_without_errors_on_stderr(
    tour: subprocess.CompletedProcess[str],
) -> None:
    assert tour.returncode == 0, tour.stderr
    assert "Traceback" not in tour.stderr
    assert tour.stdout.rstrip().endswith(
        "Done: every step ran against the mock server."
    )


TOUR_SECTIONS = [
    "Health",
    "Create a lead",
    "List leads",
    "Get and update a lead",
    "Iterate over every lead",
    "API keys",
    "Errors",
    "Delete a lead",
]


def test_quickstart_walks_every_section_in_order(
    tour: subprocess.CompletedProcess[str],
) -> None:
    headings = re.findall(r"^== (.+) ==$", tour.stdout, flags=re.MULTILINE)
    assert headings == TOUR_SECTIONS


def test_quickstart_talks_to_a_local_mock_server(
    tour: subprocess.CompletedProcess[str],
) -> None:
    assert re.search(
        r"^Mock Buena\.ai API running at http://127\.0\.0\.1:\d+/api/v2$",
        tour.stdout,
        flags=re.MULTILINE,
    )
    assert "API status: healthy (version 2.0.0)" in tour.stdout


@pytest.mark.parametrize(
    "pattern",
    [
        r"Created lead_\d{12}: Ada Lovelace <ada\.lovelace@example\.com>",
        r"^41 leads in total; the first 5 by last name:$",
        r"search='lovelace' finds 1: ada\.lovelace@example\.com",
        r"status='active' matches \d+ leads",
        r"Updated status: active -> contacted",
        r"company unchanged: 'Analytical Engines Ltd'",
        r"^Read 41 leads in pages of 10, from \d+ companies$",
        r"Created key key_[0-9a-f]{12} \(Reporting\), preview bna_.{4}\.\.\.$",
        r"^The account has 2 keys:$",
        r"^404 caught: NotFoundException, code NOT_FOUND$",
        r"^422 caught: code VALIDATION_ERROR, field 'email'$",
        r"^Rejected before sending: list_leads: limit must be between 1 and 100",
        r"^success=True deleted_id=lead_\d{12}$",
        r"^Reading it again gives HTTP 404$",
    ],
)
def test_quickstart_prints_the_result_of_each_step(
    tour: subprocess.CompletedProcess[str], pattern: str
) -> None:
    assert re.search(pattern, tour.stdout, flags=re.MULTILINE), tour.stdout


def test_quickstart_never_prints_a_full_api_key(
    tour: subprocess.CompletedProcess[str],
) -> None:
    # Keys are "bna_" and 40 characters; only 8-character previews may show.
    assert not re.search(r"bna_[A-Za-z0-9_-]{12,}", tour.stdout + tour.stderr)
