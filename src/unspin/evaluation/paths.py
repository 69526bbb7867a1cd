"""Where evaluations find their data when no path is given: never the package's own folder.

An installed unspin has no repository around it, so the defaults are relative to the
working directory, as the README's commands are run: ``../shared/data/NAME`` for the
shared corpora and ``tests/gold/NAME`` for the gold sets written for the project. The
environment variables ``UNSPIN_SHARED_DATA`` and ``UNSPIN_GOLD`` point elsewhere (the test
suite sets them from its own location, so it runs from any folder).
"""

from __future__ import annotations

import os
from pathlib import Path


def shared_data(name: str) -> Path:
    """``$UNSPIN_SHARED_DATA/NAME``, by default ``../shared/data/NAME``."""
    return Path(os.environ.get("UNSPIN_SHARED_DATA", "../shared/data")) / name


def gold(name: str) -> Path:
    """``$UNSPIN_GOLD/NAME``, by default ``tests/gold/NAME`` of the repository checkout."""
    return Path(os.environ.get("UNSPIN_GOLD", "tests/gold")) / name
