"""Configuration: every documented keyword, authentication, hosts and logging."""

from __future__ import annotations

import copy
import http.client
import logging
import socket
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import urllib3
from urllib3 import PoolManager
from urllib3.util.retry import Retry

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import Fault, MockServer

DEFAULT_HOST = "https://api.buena.ai/api/v2"
FAKE_KEY = "bna_fake_configuration_key_0123456789"
SDK_LOGGER = logging.getLogger("buena_sdk")


@pytest.fixture
def restore_sdk_logger() -> Iterator[None]:
    """Put the ``buena_sdk`` logger back as it was after the test."""
    level, handlers, propagate = (
        SDK_LOGGER.level,
        list(SDK_LOGGER.handlers),
        SDK_LOGGER.propagate,
    )
    try:
        yield
    finally:
        for handler in SDK_LOGGER.handlers:
            if handler not in handlers:
                SDK_LOGGER.removeHandler(handler)
                handler.close()
        SDK_LOGGER.setLevel(level)
        SDK_LOGGER.propagate = propagate


@pytest.fixture
def restore_default_configuration() -> Iterator[None]:
    """Forget any default configuration a test installs."""
    try:
        yield
    finally:
        buena_sdk.Configuration.set_default(None)


def mock_configuration(
    server: MockServer, **settings: object
) -> buena_sdk.Configuration:
    """A configuration for ``server`` with its master key and no retries."""
    settings.setdefault("retries", 0)
    return buena_sdk.Configuration(
        host=server.url,
        api_key={"ApiKeyAuth": server.api_key},
        **settings,  # type: ignore[arg-type]
    )


def check_health(configuration: buena_sdk.Configuration) -> str:
    """Call health_check with ``configuration`` and return the status."""
    with buena_sdk.ApiClient(configuration) as api_client:
        return DefaultApi(api_client).health_check().status


def last_headers(server: MockServer) -> dict[str, str]:
    """Headers of the last request the server received."""
    return server.requests[-1].headers


# -- the reference's examples ---------------------------------------------


def test_reference_setup_example_works_verbatim() -> None:
    # Configure the client
    configuration = buena_sdk.Configuration(host="https://api.buena.ai/api/v2")
    configuration.api_key["ApiKeyAuth"] = "your-api-key"

    # Create API client
    with buena_sdk.ApiClient(configuration) as api_client:
        api_instance = DefaultApi(api_client)

    assert api_instance.api_client is api_client
    assert configuration.host == DEFAULT_HOST
    assert configuration.get_api_key_with_prefix("ApiKeyAuth") == "your-api-key"


def test_reference_advanced_configuration_example_works_verbatim() -> None:
    # Advanced configuration
    configuration = buena_sdk.Configuration(
        host="https://api.buena.ai/api/v2",
        api_key={"ApiKeyAuth": "your-api-key"},
        # SSL settings
        verify_ssl=True,
        ssl_ca_cert=None,
        cert_file=None,
        key_file=None,
        # Connection pool settings
        connection_pool_maxsize=10,
        # Proxy settings
        proxy=None,  # or "http://proxy.example.com:8080"
        proxy_headers=None,
        # Timeout settings
        timeout=30,  # Request timeout in seconds
        # User agent
        user_agent="BuenaSDK-Python/1.0.0",
    )

    # Custom retry strategy
    retry_strategy = Retry(
        total=3,
        backoff_factor=1,
        status_forcelist=[429, 500, 502, 503, 504],
    )

    # Use custom configuration
    with buena_sdk.ApiClient(configuration) as api_client:
        # Configure custom retry strategy
        api_client.rest_client.pool_manager = PoolManager(
            num_pools=10, retries=retry_strategy
        )

        api_instance = DefaultApi(api_client)

    pool = api_instance.api_client.rest_client.pool_manager
    assert pool.connection_pool_kw["retries"] is retry_strategy
    assert configuration.verify_ssl is True
    assert configuration.connection_pool_maxsize == 10
    assert configuration.timeout == 30
    assert configuration.user_agent == "BuenaSDK-Python/1.0.0"
    assert configuration.proxy is None
    assert configuration.api_key["ApiKeyAuth"] == "your-api-key"


def test_advanced_configuration_settings_reach_a_mock_server(
    server: MockServer,
) -> None:
    configuration = buena_sdk.Configuration(
        host=server.url,
        api_key={"ApiKeyAuth": server.api_key},
        verify_ssl=True,
        ssl_ca_cert=None,
        cert_file=None,
        key_file=None,
        connection_pool_maxsize=10,
        proxy=None,
        proxy_headers=None,
        timeout=30,
        user_agent="BuenaSDK-Python/1.0.0",
    )

    with buena_sdk.ApiClient(configuration) as api_client:
        pool = api_client.rest_client.pool_manager
        health = DefaultApi(api_client).health_check()

    assert health.status == "healthy"
    assert pool.connection_pool_kw["maxsize"] == 10
    assert pool.connection_pool_kw["cert_reqs"] == "CERT_REQUIRED"
    assert last_headers(server)["user-agent"] == "BuenaSDK-Python/1.0.0"
    assert last_headers(server)["x-api-key"] == server.api_key


def test_proxy_settings_build_a_proxy_manager() -> None:
    configuration = buena_sdk.Configuration(
        proxy="http://proxy.example.com:8080",
        proxy_headers={"Proxy-Authorization": "Basic dXNlcjpwYXNz"},
    )

    with buena_sdk.ApiClient(configuration) as api_client:
        pool = api_client.rest_client.pool_manager

    assert isinstance(pool, urllib3.ProxyManager)
    assert pool.proxy is not None
    assert (pool.proxy.host, pool.proxy.port) == ("proxy.example.com", 8080)
    assert pool.proxy_headers["Proxy-Authorization"] == "Basic dXNlcjpwYXNz"


# -- generated-client keywords ----------------------------------------------


def test_tls_keywords_reach_the_connection_pool() -> None:
    configuration = buena_sdk.Configuration(
        verify_ssl=True,
        ssl_ca_cert="/etc/ssl/certs/ca.pem",
        ca_cert_data="-----BEGIN CERTIFICATE-----\n...",
        cert_file="client.pem",
        key_file="client.key",
        assert_hostname="api.buena.ai",
        tls_server_name="edge.buena.ai",
    )

    with buena_sdk.ApiClient(configuration) as api_client:
        settings = api_client.rest_client.pool_manager.connection_pool_kw

    assert settings["cert_reqs"] == "CERT_REQUIRED"
    assert settings["ca_certs"] == "/etc/ssl/certs/ca.pem"
    assert settings["ca_cert_data"] == "-----BEGIN CERTIFICATE-----\n..."
    assert settings["cert_file"] == "client.pem"
    assert settings["key_file"] == "client.key"
    assert settings["assert_hostname"] == "api.buena.ai"
    assert settings["server_hostname"] == "edge.buena.ai"


def test_verify_ssl_false_turns_certificate_checks_off() -> None:
    with buena_sdk.ApiClient(buena_sdk.Configuration(verify_ssl=False)) as client:
        settings = client.rest_client.pool_manager.connection_pool_kw

    assert settings["cert_reqs"] == "CERT_NONE"


def test_socket_options_are_applied_to_real_connections(server: MockServer) -> None:
    options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    configuration = mock_configuration(server, socket_options=options)

    with buena_sdk.ApiClient(configuration) as api_client:
        pool = api_client.rest_client.pool_manager
        status = DefaultApi(api_client).health_check().status

    assert status == "healthy"
    assert pool.connection_pool_kw["socket_options"] == options


def test_api_key_prefix_is_sent_before_the_key(server: MockServer) -> None:
    configuration = mock_configuration(server, api_key_prefix={"ApiKeyAuth": "Token"})

    with pytest.raises(buena_sdk.UnauthorizedException):
        check_health(configuration)

    assert last_headers(server)["x-api-key"] == f"Token {server.api_key}"
    assert configuration.get_api_key_with_prefix("ApiKeyAuth") == (
        f"Token {server.api_key}"
    )


@pytest.mark.parametrize(("retries", "attempts"), [(0, 1), (1, 2), (2, 3)])
def test_retries_sets_how_often_a_failure_is_retried(
    server: MockServer, retries: int, attempts: int
) -> None:
    server.add_faults("GET /health", Fault.status(503), times=5)
    policy = Retry(total=retries, backoff_factor=0, status_forcelist=[503])
    policy.raise_on_status = False

    with pytest.raises(buena_sdk.ServiceException) as caught:
        check_health(mock_configuration(server, retries=policy))

    assert caught.value.status == 503
    assert server.request_count("GET /health") == attempts


def test_retries_zero_sends_exactly_once(server: MockServer) -> None:
    server.add_faults("GET /health", Fault.status(503), times=3)

    with pytest.raises(buena_sdk.ServiceException):
        check_health(mock_configuration(server, retries=0))

    assert server.request_count("GET /health") == 1


@pytest.mark.parametrize("retries", [-1, "3", 2.5, True])
def test_invalid_retries_setting_is_rejected(retries: object) -> None:
    configuration = buena_sdk.Configuration(retries=retries)  # type: ignore[arg-type]

    with pytest.raises(buena_sdk.ApiValueError, match="retries"):
        buena_sdk.ApiClient(configuration)


def test_client_side_validation_on_stops_bad_arguments_before_sending(
    server: MockServer,
) -> None:
    with (
        buena_sdk.ApiClient(mock_configuration(server)) as api_client,
        pytest.raises(buena_sdk.ApiValueError, match="limit"),
    ):
        DefaultApi(api_client).list_leads(limit=1000)

    assert server.request_count() == 0


def test_client_side_validation_off_lets_the_server_judge(server: MockServer) -> None:
    configuration = mock_configuration(server, client_side_validation=False)

    with (
        buena_sdk.ApiClient(configuration) as api_client,
        pytest.raises(buena_sdk.UnprocessableEntityException),
    ):
        DefaultApi(api_client).list_leads(limit=1000)

    assert server.requests[-1].query == {"limit": ["1000"]}


def test_server_index_picks_a_documented_server() -> None:
    configuration = buena_sdk.Configuration(server_index=0)

    assert configuration.host == DEFAULT_HOST


def test_server_index_out_of_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="out of range"):
        buena_sdk.Configuration(server_index=3)


def test_explicit_host_wins_over_server_index() -> None:
    configuration = buena_sdk.Configuration(
        host="http://127.0.0.1:1/api/v2", server_index=0
    )

    assert configuration.host == "http://127.0.0.1:1/api/v2"


def test_unknown_keyword_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="retry_strategy"):
        buena_sdk.Configuration(retry_strategy=3)  # type: ignore[call-arg]


# -- host and API key ---------------------------------------------------------


def test_default_host_is_the_production_api() -> None:
    assert buena_sdk.Configuration().host == DEFAULT_HOST


def test_empty_host_is_refused_rather_than_replaced_by_production() -> None:
    configuration = buena_sdk.Configuration(host="", api_key="bna_test", retries=0)

    assert configuration.host == ""
    with (
        buena_sdk.ApiClient(configuration) as api_client,
        pytest.raises(buena_sdk.ApiValueError, match=r"Configuration\.host"),
    ):
        DefaultApi(api_client).health_check()


def test_trailing_slash_of_host_is_dropped(server: MockServer) -> None:
    with_slash = buena_sdk.Configuration(host=server.url + "/", api_key=server.api_key)

    assert with_slash.host == server.url
    assert check_health(with_slash) == "healthy"
    assert server.requests[-1].path == "/api/v2/health"


def test_api_key_item_assignment_is_sent(server: MockServer) -> None:
    configuration = buena_sdk.Configuration(host=server.url)
    configuration.api_key["ApiKeyAuth"] = server.api_key

    assert check_health(configuration) == "healthy"
    assert last_headers(server)["x-api-key"] == server.api_key


def test_api_key_as_a_plain_string_is_accepted(server: MockServer) -> None:
    configuration = buena_sdk.Configuration(host=server.url, api_key=server.api_key)

    assert check_health(configuration) == "healthy"
    assert configuration.api_key == {"ApiKeyAuth": server.api_key}


@pytest.mark.parametrize("form", ["dict", "str"])
def test_api_key_attribute_assignment_is_sent_and_hidden(
    server: MockServer, form: str
) -> None:
    configuration = buena_sdk.Configuration(host=server.url)
    if form == "dict":
        configuration.api_key = {"ApiKeyAuth": server.api_key}
    else:
        configuration.api_key = server.api_key

    assert check_health(configuration) == "healthy"
    assert last_headers(server)["x-api-key"] == server.api_key
    assert server.api_key not in repr(configuration)
    assert server.api_key not in repr(configuration.api_key)


def test_api_key_must_be_a_string() -> None:
    configuration = buena_sdk.Configuration()

    with pytest.raises(TypeError, match="ApiKeyAuth"):
        configuration.api_key["ApiKeyAuth"] = 12345  # type: ignore[assignment]


def test_environment_key_is_used_when_none_is_configured(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUENA_API_KEY", server.api_key)

    assert check_health(buena_sdk.Configuration(host=server.url)) == "healthy"
    assert last_headers(server)["x-api-key"] == server.api_key


def test_configured_key_wins_over_the_environment(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUENA_API_KEY", "bna_from_the_environment_000000")

    assert check_health(mock_configuration(server)) == "healthy"
    assert last_headers(server)["x-api-key"] == server.api_key


def test_no_key_anywhere_sends_no_header(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BUENA_API_KEY", raising=False)

    with pytest.raises(buena_sdk.UnauthorizedException) as caught:
        check_health(buena_sdk.Configuration(host=server.url, retries=0))

    assert "x-api-key" not in last_headers(server)
    assert caught.value.code == "MISSING_API_KEY"


def test_repr_hides_the_key() -> None:
    configuration = buena_sdk.Configuration(api_key=FAKE_KEY)

    for text in (repr(configuration), str(configuration), repr(configuration.api_key)):
        assert FAKE_KEY not in text
    assert "ApiKeyAuth" in repr(configuration)
    assert DEFAULT_HOST in repr(configuration)


def test_debug_report_has_versions_but_no_key() -> None:
    report = buena_sdk.Configuration(api_key=FAKE_KEY).to_debug_report()

    assert FAKE_KEY not in report
    assert "SDK Package Version: 1.0.0" in report
    assert f"urllib3: {version('urllib3')}" in report
    assert "API key set: True" in report


def test_environment_key_is_redacted_once_used(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_key = "bna_environment_key_for_redaction_42"
    monkeypatch.setenv("BUENA_API_KEY", env_key)
    configuration = buena_sdk.Configuration(host=server.url, retries=0)

    with pytest.raises(buena_sdk.UnauthorizedException) as caught:
        check_health(configuration)

    assert last_headers(server)["x-api-key"] == env_key
    assert env_key not in str(caught.value)
    assert env_key not in configuration.to_debug_report()


# -- host settings ------------------------------------------------------------


def test_host_settings_list_the_production_server() -> None:
    configuration = buena_sdk.Configuration()

    servers = configuration.get_host_settings()

    assert [entry["url"] for entry in servers] == [DEFAULT_HOST]
    assert configuration.get_host_from_settings(0) == DEFAULT_HOST


def test_host_from_settings_without_index_is_the_configured_host() -> None:
    configuration = buena_sdk.Configuration(host="http://127.0.0.1:9/api/v2")

    assert configuration.get_host_from_settings(None) == "http://127.0.0.1:9/api/v2"


def test_host_from_settings_fills_in_variables() -> None:
    servers = [
        {
            "url": "https://{region}.buena.ai/api/{version}",
            "variables": {
                "region": {"default_value": "eu"},
                "version": {"default_value": "v2"},
            },
        }
    ]
    configuration = buena_sdk.Configuration()

    default = configuration.get_host_from_settings(0, servers=servers)
    chosen = configuration.get_host_from_settings(0, {"region": "us"}, servers)

    assert default == "https://eu.buena.ai/api/v2"
    assert chosen == "https://us.buena.ai/api/v2"


@pytest.mark.parametrize("index", [1, -1])
def test_host_from_settings_rejects_an_unknown_index(index: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        buena_sdk.Configuration().get_host_from_settings(index)


# -- the default configuration ------------------------------------------------


@pytest.mark.usefixtures("restore_default_configuration")
def test_set_default_stores_a_copy() -> None:
    original = buena_sdk.Configuration(host="http://127.0.0.1:7/api/v2", api_key="k1")

    buena_sdk.Configuration.set_default(original)
    original.host = "http://changed.invalid"
    original.api_key["ApiKeyAuth"] = "k2"
    default = buena_sdk.Configuration.get_default()

    assert default is not original
    assert default.host == "http://127.0.0.1:7/api/v2"
    assert default.api_key["ApiKeyAuth"] == "k1"


@pytest.mark.usefixtures("restore_default_configuration")
def test_get_default_returns_a_fresh_copy_each_time() -> None:
    buena_sdk.Configuration.set_default(buena_sdk.Configuration(api_key="k1"))

    first = buena_sdk.Configuration.get_default()
    first.api_key["ApiKeyAuth"] = "changed"
    second = buena_sdk.Configuration.get_default_copy()

    assert second is not first
    assert second.api_key["ApiKeyAuth"] == "k1"


@pytest.mark.usefixtures("restore_default_configuration")
def test_get_default_without_one_set_is_a_new_configuration() -> None:
    buena_sdk.Configuration.set_default(None)

    default = buena_sdk.Configuration.get_default()

    assert default.host == DEFAULT_HOST
    assert default is not buena_sdk.Configuration.get_default()


@pytest.mark.usefixtures("restore_default_configuration")
def test_api_client_without_configuration_uses_the_default(server: MockServer) -> None:
    buena_sdk.Configuration.set_default(mock_configuration(server))

    with buena_sdk.ApiClient() as api_client:
        status = DefaultApi(api_client).health_check().status

    assert status == "healthy"
    assert last_headers(server)["x-api-key"] == server.api_key


# -- logging ------------------------------------------------------------------


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_logs_each_request_without_the_key(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    configuration = mock_configuration(server, debug=True)

    check_health(configuration)

    records = [r for r in caplog.records if r.name.startswith("buena_sdk")]
    assert any(
        r.levelno == logging.DEBUG and "/api/v2/health" in r.getMessage()
        for r in records
    )
    assert server.api_key not in caplog.text
    assert configuration.debug is True


@pytest.mark.usefixtures("restore_sdk_logger")
def test_without_debug_no_debug_record_is_emitted(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    check_health(mock_configuration(server))

    assert not [
        r
        for r in caplog.records
        if r.name.startswith("buena_sdk") and r.levelno == logging.DEBUG
    ]


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_leaves_http_client_and_urllib3_alone(server: MockServer) -> None:
    urllib3_level = logging.getLogger("urllib3").level

    check_health(mock_configuration(server, debug=True))

    assert http.client.HTTPConnection.debuglevel == 0
    assert urllib3.connection.HTTPConnection.debuglevel == 0
    assert logging.getLogger("urllib3").level == urllib3_level


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_false_restores_the_previous_level() -> None:
    SDK_LOGGER.setLevel(logging.WARNING)
    configuration = buena_sdk.Configuration(debug=True)

    assert SDK_LOGGER.level == logging.DEBUG
    configuration.debug = False

    assert SDK_LOGGER.level == logging.WARNING
    assert configuration.debug is False


@pytest.mark.usefixtures("restore_sdk_logger")
def test_a_new_configuration_leaves_the_application_level_alone() -> None:
    SDK_LOGGER.setLevel(logging.INFO)

    buena_sdk.Configuration()
    buena_sdk.Configuration(debug=False)

    assert SDK_LOGGER.level == logging.INFO


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_without_any_handler_prints_to_stderr(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    SDK_LOGGER.propagate = False
    configuration = mock_configuration(server, debug=True)

    check_health(configuration)
    configuration.debug = False
    check_health(configuration)

    err = capsys.readouterr().err
    client_lines = [line for line in err.splitlines() if "buena_sdk.rest" in line]
    assert len(client_lines) == 1
    assert "GET /api/v2/health -> 200" in client_lines[0]
    assert server.api_key not in err


@pytest.mark.usefixtures("restore_sdk_logger")
def test_logger_file_receives_the_records(server: MockServer, tmp_path: Path) -> None:
    log_path = tmp_path / "buena.log"
    configuration = mock_configuration(server, debug=True, logger_file=str(log_path))

    check_health(configuration)
    configuration.logger_file = None
    check_health(configuration)

    text = log_path.read_text()
    client_lines = [line for line in text.splitlines() if "buena_sdk.rest" in line]
    assert len(client_lines) == 1
    assert "DEBUG" in client_lines[0]
    assert "GET /api/v2/health -> 200" in client_lines[0]
    assert server.api_key not in text
    assert configuration.logger_file is None


@pytest.mark.usefixtures("restore_sdk_logger")
def test_logger_file_uses_logger_format(server: MockServer, tmp_path: Path) -> None:
    log_path = tmp_path / "formatted.log"
    configuration = mock_configuration(
        server,
        debug=True,
        logger_format="SDK|%(levelname)s|%(message)s",
        logger_file=str(log_path),
    )

    check_health(configuration)
    configuration.logger_file = None

    lines = log_path.read_text().splitlines()
    assert lines
    assert all(line.startswith("SDK|") for line in lines)


def test_deep_copy_has_its_own_keys_and_settings() -> None:
    configuration = buena_sdk.Configuration(
        api_key={"ApiKeyAuth": FAKE_KEY}, timeout=(2, 5), user_agent="ua/1"
    )

    clone = copy.deepcopy(configuration)
    clone.api_key["ApiKeyAuth"] = "bna_other_key_for_the_clone_0000"
    clone.host = "http://127.0.0.1:5/api/v2"

    assert configuration.api_key["ApiKeyAuth"] == FAKE_KEY
    assert configuration.host == DEFAULT_HOST
    assert (clone.timeout, clone.user_agent) == ((2, 5), "ua/1")
    assert FAKE_KEY not in repr(clone)


@pytest.mark.usefixtures("restore_sdk_logger")
def test_a_copy_switching_logging_off_leaves_the_original_logging(
    tmp_path: Path,
) -> None:
    log_path = tmp_path / "sdk.log"
    configuration = buena_sdk.Configuration(logger_file=str(log_path))
    clone = copy.deepcopy(configuration)

    clone.logger_file = None
    logging.getLogger("buena_sdk.rest").warning("still recorded")
    configuration.logger_file = None

    assert "still recorded" in log_path.read_text()


@pytest.mark.parametrize(
    "timeout", [0, -1, "3", float("nan"), float("inf"), (1, 2, 3), (1, 0), True]
)
def test_an_unusable_timeout_is_refused_when_set(timeout: object) -> None:
    with pytest.raises(buena_sdk.ApiValueError, match="timeout"):
        buena_sdk.Configuration(timeout=timeout)  # type: ignore[arg-type]

    configuration = buena_sdk.Configuration()
    with pytest.raises(buena_sdk.ApiValueError, match="timeout"):
        configuration.timeout = timeout  # type: ignore[assignment]
    assert configuration.timeout is None


@pytest.mark.parametrize("size", [0, -3, 2.5, True])
def test_an_unusable_pool_size_is_refused(size: object) -> None:
    with pytest.raises(buena_sdk.ApiValueError, match="connection_pool_maxsize"):
        buena_sdk.Configuration(connection_pool_maxsize=size)  # type: ignore[arg-type]


def test_a_malformed_proxy_url_is_refused_without_echoing_it() -> None:
    proxy = "http://user:s3cret-password@[not-an-address:8080"
    configuration = buena_sdk.Configuration(proxy=proxy)

    with pytest.raises(buena_sdk.ApiValueError, match="proxy") as caught:
        buena_sdk.ApiClient(configuration)

    assert "s3cret-password" not in str(caught.value)


@pytest.mark.parametrize(
    ("timeout", "connect", "read"),
    [(None, None, None), (5, 5.0, 5.0), ((2, 9), 2.0, 9.0)],
)
def test_urllib3_timeout_follows_timeout(
    timeout: object, connect: float | None, read: float | None
) -> None:
    configuration = buena_sdk.Configuration(timeout=timeout)  # type: ignore[arg-type]

    converted = configuration.urllib3_timeout
    if timeout is None:
        assert converted is None
    else:
        assert converted is not None
        assert (converted.connect_timeout, converted.read_timeout) == (connect, read)

    configuration.timeout = 7
    assert configuration.urllib3_timeout is not None
    assert configuration.urllib3_timeout.read_timeout == 7.0
