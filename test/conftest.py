"""Shared fixtures: a fresh MockServer per test and clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from buena_sdk.testing import MockServer


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A running mock server with no leads, torn down after the test."""
    with MockServer() as mock:
        yield mock


@pytest.fixture
def seeded_server() -> Iterator[MockServer]:
    """A running mock server holding 30 seeded leads."""
    with MockServer(seed_leads=30, random_seed=7) as mock:
        yield mock
