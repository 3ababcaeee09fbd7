"""The routes of the API, the permission each needs, and path matching."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

BASE_PATH = "/api/v2"

ALL_PERMISSIONS: tuple[str, ...] = (
    "leads:read",
    "leads:write",
    "leads:delete",
    "api_keys:read",
    "api_keys:write",
    "webhooks:read",
    "webhooks:write",
)
"""Every permission an API key can hold; the master key holds them all."""


@dataclass(frozen=True)
class Route:
    """One operation: method, path template, and the permission it needs."""

    method: str
    template: str
    operation: str
    permission: str | None

    @property
    def name(self) -> str:
        """The route as written in fault and count calls, e.g. ``GET /leads``."""
        return f"{self.method} {self.template}"


ROUTES: tuple[Route, ...] = (
    Route("GET", "/leads", "listLeads", "leads:read"),
    Route("POST", "/leads", "createLead", "leads:write"),
    Route("GET", "/leads/{leadId}", "getLead", "leads:read"),
    Route("PUT", "/leads/{leadId}", "updateLead", "leads:write"),
    Route("DELETE", "/leads/{leadId}", "deleteLead", "leads:delete"),
    Route("GET", "/keys", "listApiKeys", "api_keys:read"),
    Route("POST", "/keys", "createApiKey", "api_keys:write"),
    Route("GET", "/health", "healthCheck", None),
)

ROUTE_NAMES: frozenset[str] = frozenset(route.name for route in ROUTES)


@dataclass(frozen=True)
class PathMatch:
    """What a request path names: its template, path parameter and routes."""

    template: str
    lead_id: str | None
    routes: tuple[Route, ...]

    def route_for(self, method: str) -> Route | None:
        """The route this method selects on the path, if the path supports it."""
        return next((route for route in self.routes if route.method == method), None)

    @property
    def allowed_methods(self) -> str:
        """The value of an ``Allow`` header for this path."""
        return ", ".join(route.method for route in self.routes)


def match_path(path: str) -> PathMatch | None:
    """Match a raw request path (query removed) against the API's templates."""
    if not path.startswith(BASE_PATH + "/"):
        return None
    segments = path[len(BASE_PATH) + 1 :].split("/")
    lead_id: str | None = None
    if len(segments) == 1 and segments[0] in ("leads", "keys", "health"):
        template = "/" + segments[0]
    elif len(segments) == 2 and segments[0] == "leads" and segments[1]:
        template = "/leads/{leadId}"
        lead_id = unquote(segments[1])
    else:
        return None
    routes = tuple(route for route in ROUTES if route.template == template)
    return PathMatch(template, lead_id, routes)


def check_route_name(route: str) -> str:
    """Return ``route`` if it names a route (or ``*``), else raise ValueError."""
    if route == "*" or route in ROUTE_NAMES:
        return route
    known = ", ".join(sorted(ROUTE_NAMES))
    raise ValueError(f"Unknown route {route!r}; use '*' or one of: {known}.")
