"""Shared fixtures: a fresh MockServer per test and clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
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


def make_configuration(mock: MockServer, **settings: object) -> buena_sdk.Configuration:
    """A configuration for ``mock`` with its master key; retries wait 0 s."""
    settings.setdefault("retries", _fast_retry())
    configuration = buena_sdk.Configuration(host=mock.url, **settings)  # type: ignore[arg-type]
    configuration.api_key["ApiKeyAuth"] = mock.api_key
    return configuration


def _fast_retry() -> object:
    """The default retry policy with no backoff, so retry tests run fast."""
    from buena_sdk._retry import build_default_retry

    policy = build_default_retry(2, 60.0)
    return policy.new(backoff_factor=0, backoff_jitter=0)


@pytest.fixture
def api_client(server: MockServer) -> Iterator[buena_sdk.ApiClient]:
    """An ApiClient for the empty ``server``, closed after the test."""
    with buena_sdk.ApiClient(make_configuration(server)) as client:
        yield client


@pytest.fixture
def api(api_client: buena_sdk.ApiClient) -> DefaultApi:
    """A DefaultApi bound to ``api_client``."""
    return DefaultApi(api_client)


@pytest.fixture
def seeded_api(seeded_server: MockServer) -> Iterator[DefaultApi]:
    """A DefaultApi for ``seeded_server`` (30 leads)."""
    with buena_sdk.ApiClient(make_configuration(seeded_server)) as client:
        yield DefaultApi(client)
