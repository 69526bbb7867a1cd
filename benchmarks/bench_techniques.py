"""Benchmark: paragraphs per second of the `techniques` stage on one core.

    OMP_NUM_THREADS=1 python benchmarks/bench_techniques.py [--articles 60] [--data DIR]
        [--backend model|accurate]

Texts: generated French and English news-like articles (varied sentences, 8-14 paragraphs
of 1-5 sentences each, like the shared-task paragraphs), or, with ``--data``, the article
files of a SemEval folder (e.g. ../shared/data/semeval2023/en/dev-articles-subtask-3).
Prints the time of the full stage (encoding + classification) and of the encoder alone.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from unspin.model import Article
from unspin.stage import make_stage
from unspin.techniques.paragraphs import paragraphs
from unspin.techniques.training.semeval_format import read_articles

SUBJECTS = ["Le gouvernement", "La maire de Lyon", "L'opposition", "Le syndicat", "Moscou",
            "The minister", "The committee", "Critics", "Washington", "The mayor"]
VERBS = ["a dénoncé", "a promis", "a rejeté", "affirme avoir obtenu", "condemned",
         "promised", "rejected", "claims to have secured", "a qualifié de scandale",
         "called a disaster"]
OBJECTS = ["une réforme des retraites injuste", "le budget de la ville pour 2025",
           "une trahison pure et simple des électeurs", "des milliers d'emplois menacés",
           "the new energy plan", "a shameful betrayal of working families",
           "the so-called experts", "an unprecedented wave of migration",
           "3,5 millions d'euros de subventions", "les élites déconnectées"]
TAILS = ["", " selon un communiqué publié mardi", " hier soir à la télévision",
         ", according to officials", " lors d'une conférence de presse", " !", "?"]


def generated_articles(n: int, seed: int = 7) -> list[str]:
    """``n`` synthetic articles (our own sentences, randomly combined)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        paras = []
        for _ in range(rng.randint(8, 14)):
            sents = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
                     f"{rng.choice(TAILS)}." for _ in range(rng.randint(1, 5))]
            paras.append(" ".join(sents))
        out.append("\n\n".join(paras))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--backend", default="model", help="model (fast, default) or accurate")
    args = parser.parse_args()
    texts = (list(read_articles(args.data).values())[: args.articles] if args.data
             else generated_articles(args.articles))
    n_paras = sum(len(paragraphs(t)) for t in texts)
    stage = make_stage("techniques", {"backend": args.backend})
    stage(Article.from_text("Échauffement.\n\nUn paragraphe.", language="fr"))
    t0 = time.perf_counter()
    for text in texts:
        stage(Article.from_text(text, language="fr"))
    total = time.perf_counter() - t0
    from unspin.techniques.predictor import load_predictor

    encoder = load_predictor().encoder
    t0 = time.perf_counter()
    for text in texts:
        encoder.encode([p.text for p in paragraphs(text)])
    encode = time.perf_counter() - t0
    print(f"articles: {len(texts)}  paragraphs: {n_paras}  mean chars/paragraph: "
          f"{sum(len(p.text) for t in texts for p in paragraphs(t)) / max(n_paras, 1):.0f}")
    print(f"techniques stage: {n_paras / total:.1f} paragraphs/s on one core "
          f"({1000 * total / len(texts):.1f} ms/article)")
    print(f"encoder alone (paragraph texts only, no sentences): {n_paras / encode:.1f} "
          "paragraphs/s")
    if args.backend == "accurate":
        from unspin.techniques.accurate import load_accurate_predictor

        e5 = load_accurate_predictor().e5_encoder
        t0 = time.perf_counter()
        for text in texts:
            e5.encode([p.text for p in paragraphs(text)])
        print(f"e5 encoder alone: {n_paras / (time.perf_counter() - t0):.1f} paragraphs/s")


if __name__ == "__main__":
    main()
