"""CLI sub-commands `unspin semeval ...` and `unspin train ...`.

`semeval predict` writes predictions in the official SemEval-2023 Task 3 formats and
`semeval score` computes the official metrics; `train` rebuilds the shipped models.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from .errors import UnspinError
from .techniques.training.semeval_format import SemEvalFormatError, detect_language

semeval_app = typer.Typer(
    help="SemEval-2023 Task 3 interface: predict and score in the official formats.",
    no_args_is_help=True)
train_app = typer.Typer(help="Train the models shipped in the package.", no_args_is_help=True)

MODELS_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_DATA = Path("../shared/data/semeval2023")
SUBTASKS = (1, 2, 3)
SubtaskOption = Annotated[int, typer.Option(
    "--subtask", help="1 = genre, 2 = frames, 3 = techniques.")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _check_subtask(subtask: int) -> None:
    if subtask not in SUBTASKS:
        _fail(f"--subtask must be 1 (genre), 2 (frames) or 3 (techniques), not {subtask}")


def _guess_language(folder: Path, texts: list[str]) -> str | None:
    """SemEval language code from the folder name, else from the text (py3langid)."""
    found = detect_language(folder)
    if found:
        return found
    try:
        import py3langid

        from .techniques.predictor import semeval_language

        iso, _ = py3langid.classify(" ".join(texts)[:20000])
        return semeval_language(iso)
    except Exception:  # noqa: BLE001 - language only picks thresholds; all-language ones remain
        return None


def predict_folder(folder: Path, subtask: int, language: str | None = None) -> str:
    """Predictions for every article of ``folder`` in the official format of ``subtask``."""
    from .techniques.paragraphs import paragraphs
    from .techniques.predictor import load_predictor
    from .techniques.training.semeval_format import (
        format_labels_1,
        format_labels_2,
        format_labels_3,
        read_articles,
    )

    articles = read_articles(folder)
    language = language or _guess_language(folder, list(articles.values())[:20])
    predictor = load_predictor()
    if subtask == 3:
        preds3: dict[tuple[str, int], list[str]] = {}
        for aid, text in articles.items():
            paras = paragraphs(text)
            for p in predictor.paragraph_techniques([x.text for x in paras],
                                                    [x.line for x in paras], language):
                preds3[(aid, p.line)] = p.labels
        return format_labels_3(preds3)
    preds1: dict[str, str] = {}
    preds2: dict[str, list[str]] = {}
    for aid, text in articles.items():
        doc = predictor.document([x.text for x in paragraphs(text)], language)
        if doc is None:
            raise UnspinError("the genre/frames models are not in the package; train them "
                              "with `unspin train genre`")
        preds1[aid] = doc.genre
        preds2[aid] = [label for label, _ in doc.frames]
    return format_labels_1(preds1) if subtask == 1 else format_labels_2(preds2)


@semeval_app.command("predict")
def predict_command(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of article<ID>.txt files.")],
    subtask: SubtaskOption = 3,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="en, fr, ge, it, po, ru (or ISO code); default: from the folder name "
        "or the text.")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here, not stdout.")] = None,
) -> None:
    """Predict labels for a folder of SemEval articles, in the official format.

    Example: unspin semeval predict --subtask 3 en/dev-articles-subtask-3 -o en-dev.txt
    """
    _check_subtask(subtask)
    try:
        text = predict_folder(articles_dir, subtask, lang)
    except UnspinError as err:
        _fail(str(err))
        return
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def score_files(gold: Path, predicted: Path, subtask: int) -> dict:
    """Official scores of a prediction file against a gold file."""
    from .techniques.training import scoring
    from .techniques.training.semeval_format import read_labels_1, read_labels_2, read_labels_3

    if subtask == 3:
        return scoring.score_subtask3(read_labels_3(gold), read_labels_3(predicted))
    if subtask == 2:
        return scoring.score_subtask2(read_labels_2(gold), read_labels_2(predicted))
    return scoring.score_subtask1(read_labels_1(gold), read_labels_1(predicted))


@semeval_app.command("score")
def score_command(
    gold: Annotated[Path, typer.Argument(help="Gold label file.")],
    predicted: Annotated[Path, typer.Argument(help="Prediction file in the same format.")],
    subtask: SubtaskOption = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print all figures as JSON.")] = False,
) -> None:
    """Score predictions with the official metric of the subtask.

    Example: unspin semeval score en/dev-labels-subtask-3.txt en-dev.txt --subtask 3
    """
    _check_subtask(subtask)
    try:
        scores = score_files(gold, predicted, subtask)
    except SemEvalFormatError as err:
        _fail(str(err))
        return
    if as_json:
        typer.echo(json.dumps(scores, indent=1))
        return
    typer.echo(f"micro-F1\t{scores['micro_f1']:.4f}")
    typer.echo(f"macro-F1\t{scores['macro_f1']:.4f}")
    typer.echo(f"items\t{int(scores['items'])}")


def _train(tasks: tuple[str, ...], data: Path, out: Path, cache: Path | None) -> None:
    from .techniques.training.train_fast import DEFAULT_CACHE, train_all

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not data.is_dir():
        _fail(f"training data folder not found: {data} (give --data <path>/semeval2023)")
    report = train_all(data, out, cache or DEFAULT_CACHE, tasks=tasks)
    typer.echo(json.dumps(report, indent=1))


DataOption = Annotated[Path, typer.Option(
    "--data", help="SemEval-2023 Task 3 data folder (with en/, fr/, ge/, it/, po/, ru/).")]
OutOption = Annotated[Path, typer.Option("--out", help="Where to write the model files.")]
CacheOption = Annotated[Path | None, typer.Option(
    "--cache", help="Embedding cache file (outside the repository); default ~/.cache/unspin/.")]


@train_app.command("techniques")
def train_techniques(
    data: DataOption = DEFAULT_DATA,
    out: OutOption = MODELS_DIR,
    cache: CacheOption = None,
    only: Annotated[bool, typer.Option("--only", help="Train the techniques model alone "
                                       "(default: genre and frames too).")] = False,
    backend: Annotated[str, typer.Option(
        "--backend", help="fast (USE + character n-grams, the default) or accurate (adds "
                          "multilingual-e5-small; trains techniques_accurate alone, leaving "
                          "the frozen French articles out and scoring them at the end).")
    ] = "fast",
    e5_cache: Annotated[Path | None, typer.Option(
        "--e5-cache", help="e5 embedding cache file for --backend accurate (outside the "
                           "repository); default ~/.cache/unspin/e5_paragraphs.npz.")] = None,
) -> None:
    """Train the paragraph technique model (and the genre and frame models).

    Example: unspin train techniques --data ../shared/data/semeval2023
    """
    if backend not in ("fast", "accurate"):
        _fail(f"--backend must be fast or accurate, not {backend!r}")
    if backend == "accurate":
        _train_accurate(data, out, cache, e5_cache)
        return
    _train(("techniques",) if only else ("techniques", "genre", "frames"), data, out, cache)


def _train_accurate(data: Path, out: Path, cache: Path | None, e5_cache: Path | None) -> None:
    from .techniques.training.train_accurate import DEFAULT_E5_CACHE, train_accurate
    from .techniques.training.train_fast import DEFAULT_CACHE

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not data.is_dir():
        _fail(f"training data folder not found: {data} (give --data <path>/semeval2023)")
    e5_cache = e5_cache or DEFAULT_E5_CACHE
    report = train_accurate(data, out, cache or DEFAULT_CACHE, e5_cache,
                            oof_cache=e5_cache.with_name("accurate_fast_oof.npz"))
    typer.echo(json.dumps(report, indent=1))


@train_app.command("genre")
def train_genre(
    data: DataOption = DEFAULT_DATA,
    out: OutOption = MODELS_DIR,
    cache: CacheOption = None,
) -> None:
    """Train the genre (subtask 1) and frames (subtask 2) models.

    Example: unspin train genre --data ../shared/data/semeval2023
    """
    _train(("genre", "frames"), data, out, cache)


@train_app.command("events")
def train_events_command(
    out: OutOption = MODELS_DIR,
) -> None:
    """Train the event classifier on the corpus written for the project (no data needed:
    the corpus is generated from src/unspin/data/events/corpus/), print its held-out scores.

    Example: OMP_NUM_THREADS=1 unspin train events
    """
    from .events.training import train_events

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    typer.echo(json.dumps(train_events(out), indent=1))


# --- technique spans (owned by the technique-spans work; kept self-contained) -----------

_SPANS_DIR = Path(__file__).resolve().parent / "models" / "spans"


@train_app.command("spans")
def train_spans_command(
    data: Annotated[Path, typer.Option(
        "--data", help="SemEval-2023 Task 3 data folder (with en/, fr/, ge/, …).")
    ] = Path("../shared/data/semeval2023"),
    out: Annotated[Path, typer.Option(
        "--out", help="Where to write spans_<lang>.json and span_words.npz.")] = _SPANS_DIR,
    evaluate: Annotated[bool, typer.Option(
        "--evaluate", help="Do not write models: train on 80 % of the articles and print the "
                           "token-overlap F1 on the held-out 20 %.")] = False,
) -> None:
    """Train the technique-span lexicons and word scorer (or measure them with --evaluate).

    Example: unspin train spans --data ../shared/data/semeval2023 --evaluate
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not data.is_dir():
        _fail(f"training data folder not found: {data} (give --data <path>/semeval2023)")
    if evaluate:
        from .techniques.training.evaluate_spans import evaluate_spans

        typer.echo(json.dumps(evaluate_spans(data), indent=1))
        return
    from .techniques.spans import train_spans

    typer.echo(json.dumps(train_spans(data, out), indent=1))
