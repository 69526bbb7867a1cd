"""Evaluations run by ``unspin eval NAME``: one module per topic.

Each module ``unspin.evaluation.<name>`` exposes ``evaluate(data: Path | None) -> dict``
returning the figures it measured (flat or nested dicts of numbers and strings). ``data``
is the folder or file to evaluate on; ``None`` means the module's default (usually
``../shared/data`` next to the repository, or data shipped with the package).
"""

from __future__ import annotations

import pkgutil


def available() -> list[str]:
    """The names of the evaluation modules in this package."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
