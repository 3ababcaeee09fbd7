"""API classes; the Buena.ai API has one, `DefaultApi`."""

from buena_sdk.api.default_api import DefaultApi

__all__ = ["DefaultApi"]
