"""An in-memory Buena.ai API v2 server for testing code that uses the API.

Standard library only. Start one with ``with MockServer() as server:`` and
point a client at ``server.url`` with ``server.api_key``; script failures with
``server.add_faults(route, Fault.status(503))`` and inspect what the client
sent through ``server.requests``. ``python -m buena_sdk.testing`` runs one
from the command line.
"""

from ._faults import Fault
from ._records import RecordedRequest
from ._routes import ALL_PERMISSIONS
from ._server import MockServer

__all__ = ["ALL_PERMISSIONS", "Fault", "MockServer", "RecordedRequest"]
