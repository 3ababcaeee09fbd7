"""Benchmarks of buena_sdk against bare urllib3 + pydantic and a generated client."""
