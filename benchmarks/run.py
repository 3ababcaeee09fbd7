"""Benchmark buena_sdk against bare urllib3 + pydantic and a generated client.

    python benchmarks/run.py [--quick] [--json PATH] [--no-generated] [--no-http]

See BENCHMARKS.md for what each scenario measures and the latest results.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._bench import main

if __name__ == "__main__":
    sys.exit(main())
