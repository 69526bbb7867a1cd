"""Every error unspin raises on purpose, each saying what went wrong and how to fix it.

The CLI turns these into one-line messages and a non-zero exit code; library code raises
them and never prints.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class of the errors unspin raises on purpose."""


class ArticleError(UnspinError):
    """One article (or input) that could not be read or analysed; the batch goes on.

    ``where`` names the input (a path, ``path:line``) and ``reason`` says why. ``str(err)``
    is the one-line message the CLI prints.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class InputError(ArticleError):
    """An input (file, line of a JSONL file, URL) that cannot be read as an article.

    ``where`` names the input (a path, ``path:line``) and ``reason`` says why, in words a
    user can act on. ``str(err)`` is the one-line message the CLI prints.
    """


class StageError(ArticleError):
    """A stage that crashed on one article: a bug of unspin, not a fault of the input.

    Raised by the pipeline with the stage's name (``where`` is filled in by the caller that
    knows the input); the message says so, so that it is never read as a bad file.
    """

    def __init__(self, stage: str, where: str, detail: str) -> None:
        self.stage = stage
        self.detail = detail
        super().__init__(where, f"internal error in {self._what()}: {detail}")

    def _what(self) -> str:
        # A pipeline that does not say which stage failed (a plug-in's) is named as such.
        return f"stage {self.stage!r}" if self.stage else "the pipeline"

    def __str__(self) -> str:
        return f"internal error in {self._what()} on {self.where}: {self.detail}"

    def at(self, where: str) -> StageError:
        """The same error, naming the input ``where``."""
        return StageError(self.stage, where, self.detail)


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
