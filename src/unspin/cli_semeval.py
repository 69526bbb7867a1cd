"""CLI sub-commands `unspin semeval ...` and `unspin train ...` (filled in by the techniques work)."""

from __future__ import annotations

import typer

semeval_app = typer.Typer(help="SemEval-2023 Task 3 interface: predict and score in the official formats.",
                          no_args_is_help=True)
train_app = typer.Typer(help="Train the models shipped in the package.", no_args_is_help=True)
