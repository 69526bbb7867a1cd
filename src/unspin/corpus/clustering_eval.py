"""Clustering quality against gold story keys: B-cubed precision/recall/F1 and adjusted Rand.

``python -m unspin.corpus.clustering_eval --db news.db --gold tests/data/stories/stories_dev.jsonl``
scores the stories stored by ``unspin stories --update``; ``--sweep`` re-clusters the gold's
articles in memory at several thresholds (used to choose the default on the dev file only).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple


class ClusteringScores(NamedTuple):
    """B-cubed precision, recall and F1, adjusted Rand index, and the counts behind them."""

    precision: float
    recall: float
    f1: float
    adjusted_rand: float
    articles: int
    gold_stories: int
    predicted_stories: int


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, object]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items present in both mappings."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    gold_size = Counter(gold[i] for i in items)
    pred_size = Counter(predicted[i] for i in items)
    both = Counter((gold[i], predicted[i]) for i in items)
    precision = sum(both[(gold[i], predicted[i])] / pred_size[predicted[i]] for i in items)
    recall = sum(both[(gold[i], predicted[i])] / gold_size[gold[i]] for i in items)
    p, r = precision / len(items), recall / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_clustering(gold: Mapping[str, str], predicted: Mapping[str, object]) -> ClusteringScores:
    """All scores of ``predicted`` (item → cluster) against ``gold`` (item → story key)."""
    from sklearn.metrics import adjusted_rand_score

    items = sorted(i for i in gold if i in predicted)
    p, r, f1 = bcubed(gold, predicted)
    ari = float(adjusted_rand_score([gold[i] for i in items],
                                    [str(predicted[i]) for i in items])) if items else 0.0
    return ClusteringScores(round(p, 3), round(r, 3), round(f1, 3), round(ari, 3), len(items),
                            len({gold[i] for i in items}),
                            len({predicted[i] for i in items}))


def read_gold(path: Path) -> dict[str, str]:
    """URL → gold story key, from a JSONL file whose records have ``url`` and ``story``."""
    gold: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                gold[str(record["url"])] = str(record["story"])
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--gold", required=True, type=Path, nargs="+")
    parser.add_argument("--sweep", action="store_true",
                        help="re-cluster in memory at several thresholds")
    args = parser.parse_args(argv)
    from ..store import Store
    from ..store.stories import stored_assignments
    from .stories import StoryClusterer, cluster, default_embedder

    gold: dict[str, str] = {}
    for path in args.gold:
        gold.update(read_gold(path))
    with Store(args.db, read_only=True) as store:
        by_url = {str(a.meta.get("url")): a for a in store.iter_articles()
                  if a.meta.get("url") in gold}
        if not args.sweep:
            stored = stored_assignments(store)
            predicted = {url: stored[a.id] for url, a in by_url.items() if a.id in stored}
            print(json.dumps(score_clustering(gold, predicted)._asdict()))
            return 0
    embed = default_embedder()
    for threshold in (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.70):
        _, assignments = cluster(by_url.values(), embed, StoryClusterer(threshold=threshold))
        ids = {a.article_id: a.story_id for a in assignments}
        predicted = {url: ids[a.id] for url, a in by_url.items()}
        print(threshold, json.dumps(score_clustering(gold, predicted)._asdict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
