"""The long fuzz run: N inputs through every reader and the cheap stages, M through the full
default pipeline; prints inputs, articles, crashes, hangs and the slowest input.

    python tests/fuzz/run_long.py --inputs 10000 --full 500 [--seed 0]

Exit code 1 when any input crashed or hung (each is printed with its seed and index, so it
can be replayed with ``--replay INDEX``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.hostile import hostile_inputs
from tests.fuzz.invariants import MAX_SECONDS, Hang, read_all, run_pipeline, time_limit

from unspin.model import Article
from unspin.pipeline import Pipeline


def fuzz(pipeline: Pipeline, count: int, seed: int, large: bool, label: str,
         replay: int | None = None) -> tuple[int, int, int, int]:
    """Run ``count`` inputs; return (inputs, articles, crashes, hangs)."""
    articles = crashes = hangs = 0
    slowest = (0.0, -1)
    started = time.perf_counter()
    for index, item in enumerate(hostile_inputs(count, seed=seed, large=large)):
        if replay is not None and index != replay:
            continue
        try:
            for result in read_all(item.data, item.name):
                if isinstance(result, Article):
                    articles += 1
                    seconds = run_pipeline(pipeline, result)
                    slowest = max(slowest, (seconds, index))
        except Hang as exc:
            hangs += 1
            print(f"{label}: HANG seed={seed} index={index} kind={item.kind}: {exc}")
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            crashes += 1
            print(f"{label}: CRASH seed={seed} index={index} kind={item.kind}: "
                  f"{type(exc).__name__}: {exc}")
            if replay is not None:
                traceback.print_exc()
    elapsed = time.perf_counter() - started
    print(f"{label}: inputs {count}, articles {articles}, crashes {crashes}, hangs {hangs}, "
          f"slowest {slowest[0]:.2f} s (index {slowest[1]}), total {elapsed:.0f} s")
    return count, articles, crashes, hangs


def fuzz_feeds(count: int, seed: int) -> int:
    """``count`` hostile feed/OPML/sitemap documents through the three parsers: crashes."""
    import random

    from tests.fuzz.hostile import hostile_feed

    from unspin.fetch.errors import FetchError
    from unspin.fetch.feeds import parse_feed, parse_opml, parse_sitemap

    rng = random.Random(seed)
    crashes = hangs = 0
    started = time.perf_counter()
    for index in range(count):
        data = hostile_feed(rng)
        for parse in (parse_feed, parse_opml, parse_sitemap):
            try:
                with time_limit(MAX_SECONDS):
                    parse(data, "http://feeds.example.org/fuzz")
            except FetchError:
                pass
            except Hang:
                hangs += 1
                print(f"feeds: HANG seed={seed} index={index} {parse.__name__}")
            except Exception as exc:  # noqa: BLE001 - counting crashes is the point
                crashes += 1
                print(f"feeds: CRASH seed={seed} index={index} {parse.__name__}: "
                      f"{type(exc).__name__}: {exc}")
    print(f"feeds/OPML/sitemaps: inputs {count} (x3 parsers), crashes {crashes}, hangs {hangs}, "
          f"total {time.perf_counter() - started:.0f} s")
    return crashes + hangs


def main() -> int:
    logging.basicConfig(level=logging.CRITICAL)  # readers log every bad input
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000,
                        help="inputs through the readers and the cheap stages")
    parser.add_argument("--full", type=int, default=500,
                        help="inputs through the full default pipeline")
    parser.add_argument("--feeds", type=int, default=10_000,
                        help="feed, OPML and sitemap documents through their parsers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--replay", type=int, default=None,
                        help="run only this input index (with its traceback)")
    args = parser.parse_args()
    bad = 0
    if args.feeds:
        bad += fuzz_feeds(args.feeds, args.seed)
    if args.inputs:
        cheap = Pipeline.from_config(stages=["segments", "language"])
        bad += sum(fuzz(cheap, args.inputs, args.seed, True, "readers+cheap",
                        args.replay)[2:])
    if args.full:
        full = Pipeline.from_config()
        bad += sum(fuzz(full, args.full, args.seed + 1, True, "full pipeline",
                        args.replay)[2:])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
