"""Benchmark: hostile inputs through the full default pipeline, at two sizes each.

    python benchmarks/bench_pathological.py [--scale 1.0] [--stages]

Every stage must be linear in its input: doubling a hostile input should roughly double
its time, so the seconds per KB printed for the two sizes should be close (a quadratic
stage doubles its seconds per KB). ``--stages`` adds the slowest stage of each run.

The inputs (full size at ``--scale 1``; the small size is half of it):

- 50,000 repeated « (opening guillemets, each followed by a space);
- 10,000 repeated "selon " (an attribution cue with nothing to attribute);
- a 1 MB line with no space (one "word");
- 5,000 nested quotations (« « « … » » »);
- 60 KB of punctuation.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CASES: dict[str, Callable[[float], str]] = {
    "50,000 «": lambda f: "« " * int(50_000 * f),
    '10,000 "selon"': lambda f: "selon " * int(10_000 * f),
    "1 MB word": lambda f: "a" * int(1_000_000 * f),
    "5,000 nested quotes": lambda f: "« " * int(5_000 * f) + "mot " + "» " * int(5_000 * f),
    "60 KB punctuation": lambda f: ("!?.,;:-—()[]…'\"" * 4_000)[: int(60_000 * f)],
}


def run(pipeline: object, text: str, by_stage: bool) -> tuple[float, str]:
    from unspin.model import Article

    article = Article.from_text(text)
    slowest = ("", 0.0)
    start = time.perf_counter()
    for stage in pipeline.stages:  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        stage(article)
        spent = time.perf_counter() - t0
        if spent > slowest[1]:
            slowest = (stage.name, spent)
    total = time.perf_counter() - start
    return total, (f"  slowest: {slowest[0]} {slowest[1]:.2f} s" if by_stage else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the large inputs")
    parser.add_argument("--stages", action="store_true", help="name the slowest stage")
    parser.add_argument("--only", default="", help="run only the cases whose name has this")
    args = parser.parse_args()

    from unspin.config import load_config
    from unspin.pipeline import Pipeline

    pipeline = Pipeline.from_config(load_config())
    print(f"{'input':22s} {'size':>9s} {'seconds':>8s} {'s per KB':>9s}")
    for name, make in CASES.items():
        if args.only and args.only not in name:
            continue
        for factor in (args.scale / 2, args.scale):
            text = make(factor)
            seconds, note = run(pipeline, text, args.stages)
            kb = len(text.encode("utf-8")) / 1000
            print(f"{name:22s} {kb:7.0f} KB {seconds:8.2f} {seconds / kb:9.4f}{note}",
                  flush=True)


if __name__ == "__main__":
    main()
