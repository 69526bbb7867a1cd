"""Hostile inputs for the who-says-so stages (quotes, sources, hedges, claims): each must
stay linear in the size of the text. Prints seconds per input; no parse (the stages fall
back to regex sentences), so the figures are the rules' own cost.

Run: ``OMP_NUM_THREADS=1 python benchmarks/bench_who_says_so.py [--scale 1.0]``.
"""

from __future__ import annotations

import argparse
import time

from unspin.model import Article
from unspin.stage import make_stage

STAGES = ("quotes", "sources", "hedges", "claims")


def hostile_inputs(scale: float) -> dict[str, str]:
    """Name -> text; ``scale`` multiplies every size (1.0 = the sizes of the brief)."""
    n = max(1, int(scale * 1000))
    return {
        "60 KB of punctuation": ".,;:!?«»\"“”-" * (5 * n),
        "1 MB word": "a" * (1000 * n),
        "50,000 «": "« " * (50 * n),
        "25,000 short quotations": "« a » " * (25 * n),
        "10,000 « a déclaré X »": "« Nous partirons demain », a déclaré X. " * (10 * n),
        "10,000 selon": "selon " * (10 * n),
        "10,000 selon lui,": "Selon lui, le pont a cédé. " * (10 * n),
        "10,000 certainty cues": "Bref, évidemment, on peut être certain que tout indique que. "
                                 * (10 * n),
        "10,000 sentences before a quotation": "Le ministre a dit. " * (10 * n)
                                              + "« Rien ne change ici. »",
        "10,000 commas": "Le ministre, " * (10 * n) + "a déclaré que tout allait bien.",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    stages = [make_stage(name) for name in STAGES]
    for name, text in hostile_inputs(args.scale).items():
        article = Article.from_text(text, language="fr")
        started = time.perf_counter()
        for stage in stages:
            stage(article)
        print(f"{name:40s} {len(text):>9,d} chars  {time.perf_counter() - started:7.2f} s")


if __name__ == "__main__":
    main()
