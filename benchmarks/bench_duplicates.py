"""Benchmark: near-duplicate links on real articles (SemEval-2023 Task 3, 6 languages).

    python benchmarks/bench_duplicates.py [--data ../shared/data/semeval2023] [--copies 300]

The same figures as ``unspin eval duplicates`` (see unspin/evaluation/duplicates.py),
printed as lines: links among the distinct articles of the corpus (to check by hand),
recall on lightly edited, trimmed and excerpted copies, and the time per article.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from unspin.evaluation.duplicates import EDITS, evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/semeval2023"))
    parser.add_argument("--copies", type=int, default=300, help="copies per kind of edit")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"error: {args.data}: no such folder (SemEval-2023 Task 3 data)")
    result = evaluate(args.data, copies=args.copies)
    print(f"articles: {result['articles']} ({result['languages']}); "
          f"{result['ms_per_article']} ms/article to index and link (store included)")
    print(f"links among the original articles: {result['links_among_originals']}")
    for pair, similarity in result["pairs"].items():
        print(f"  {similarity:.2f}  {pair}")
    for kind in EDITS:
        figures = result[kind]
        print(f"copies '{kind}': {figures['linked']}/{figures['copies']} linked to their "
              f"original ({100 * figures['recall']:.1f}%), {figures['wrong']} linked to "
              f"another article")


if __name__ == "__main__":
    main()
