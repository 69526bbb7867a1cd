"""Every error unspin raises on purpose, each saying what went wrong and how to fix it.

The CLI turns these into one-line messages and a non-zero exit code; library code raises
them and never prints.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class of the errors unspin raises on purpose."""


class InputError(UnspinError):
    """An input (file, line of a JSONL file, URL) that cannot be read as an article.

    ``where`` names the input (a path, ``path:line``) and ``reason`` says why, in words a
    user can act on. ``str(err)`` is the one-line message the CLI prints.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class ConfigError(UnspinError):
    """A configuration file or option that names an unknown stage, backend or setting."""


class PipelineError(UnspinError):
    """Stages that cannot run in the order given (a stage needs what no earlier stage adds)."""


class MissingModelError(UnspinError):
    """A backend whose model or optional package is not installed."""


class InstallError(UnspinError):
    """A dependency of unspin is missing or broken: the install, not the input, is at fault.

    The CLI exits with code 2, so that a broken install is never reported as a bad file.
    """


class StoreError(UnspinError):
    """The SQLite store cannot be opened or is of a newer schema than this unspin."""
