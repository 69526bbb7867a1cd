"""Batch scale-out on Dask: the same pipeline over many input shards, Parquet shards out.

Each input shard (a JSONL, text or HTML file, or a folder) is one Dask task. Every worker
process builds the pipeline once (models load once per worker) and writes one Parquet file
per shard, which DuckDB, pandas or Spark read directly. Failed inputs are reported per
shard, never lost silently::

    from unspin.distributed import analyze_shards
    summary = analyze_shards(["shards/a.jsonl", "shards/b.jsonl"], "out/", workers=2)

The scheduler is Dask's: ``scheduler="processes"`` (default, a local process pool),
``"threads"``, ``"synchronous"`` (debugging), or the address of a running
``dask.distributed`` scheduler (``tcp://host:8786``) to use a cluster.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UnspinError
from .model import Article

log = logging.getLogger(__name__)

_WORKER_PIPELINES: dict[str, Any] = {}

# Seconds to wait for a dask.distributed scheduler before giving up with an error.
SCHEDULER_TIMEOUT = 10

PARQUET_COLUMNS = ("id", "title", "outlet", "published", "language", "path", "article_json")


@dataclass
class ShardResult:
    shard: str
    output: str | None
    articles: int = 0
    errors: list[str] = field(default_factory=list)


def _pipeline_for(config_path: str | None, stages: tuple[str, ...] | None) -> Any:
    # One pipeline per worker process and configuration: models load once, not per shard.
    key = f"{config_path}|{stages}"
    if key not in _WORKER_PIPELINES:
        from .config import load_config
        from .pipeline import Pipeline

        config = load_config(config_path)
        _WORKER_PIPELINES[key] = Pipeline.from_config(
            config, stages=list(stages) if stages else None)
    return _WORKER_PIPELINES[key]


def article_row(article: Article) -> dict[str, Any]:
    """One Parquet row: the main metadata as columns plus the whole Article JSON."""
    meta = article.meta
    return {
        "id": article.id,
        "title": meta.get("title"),
        "outlet": meta.get("outlet"),
        "published": str(meta["published"]) if meta.get("published") else None,
        "language": meta.get("language"),
        "path": (meta.get("input") or {}).get("path"),
        "article_json": json.dumps(article.to_dict(with_text=False), ensure_ascii=False),
    }


def parquet_names(shards: list[str]) -> list[str]:
    """One distinct Parquet file name per shard, in order.

    A shard whose file name is unique among ``shards`` gets ``<name>.parquet``; shards that
    share a name (``a/x.jsonl`` and ``b/x.jsonl``) get ``<name>-<hash of the path>.parquet``
    so neither overwrites the other, and the same shard keeps its name from run to run.
    """
    names = [re.sub(r"[^\w.\-]+", "_", Path(s).name or "shard") for s in shards]
    counts = Counter(names)
    out: list[str] = []
    for shard, name in zip(shards, names):
        if counts[name] > 1:
            digest = hashlib.sha1(str(Path(shard).resolve()).encode("utf-8")).hexdigest()[:8]
            name = f"{name}-{digest}"
        out.append(name + ".parquet")
    if len(set(out)) != len(out):  # the same shard named twice: number them
        out = [f"{i:04d}-{name}" for i, name in enumerate(out, start=1)]
    return out


def analyze_shard(shard: str, out_dir: str, config_path: str | None = None,
                  stages: tuple[str, ...] | None = None, max_bytes: int = 5_000_000,
                  output_name: str | None = None) -> ShardResult:
    """Read one shard, run the pipeline, write ``<out_dir>/<output_name>``.

    ``output_name`` defaults to ``<shard name>.parquet``; :func:`analyze_shards` gives
    each shard a distinct one (see :func:`parquet_names`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .readers import read_paths
    from .store.batches import analyse_stream

    pipeline = _pipeline_for(config_path, stages)
    result = ShardResult(shard=shard, output=None)
    rows = []
    for item in analyse_stream(read_paths([shard], max_bytes=max_bytes), pipeline):
        if isinstance(item, Article):
            rows.append(article_row(item))
        else:  # an unreadable input, or a stage that crashed on one article
            result.errors.append(str(item))
    result.articles = len(rows)
    target = Path(out_dir) / (output_name or parquet_names([shard])[0])
    table = pa.Table.from_pylist(rows, schema=pa.schema(
        [(c, pa.string()) for c in PARQUET_COLUMNS]))
    pq.write_table(table, target)
    result.output = str(target)
    return result


def analyze_shards(shards: list[str], out_dir: str | Path, config_path: str | None = None,
                   stages: list[str] | None = None, scheduler: str = "processes",
                   workers: int = 2, max_bytes: int = 5_000_000) -> list[ShardResult]:
    """Run the pipeline over ``shards`` on Dask and return one ShardResult per shard."""
    import dask

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stage_tuple = tuple(stages) if stages else None
    tasks = [dask.delayed(analyze_shard)(s, str(out), config_path, stage_tuple, max_bytes,
                                         name)
             for s, name in zip(shards, parquet_names(shards), strict=True)]
    if scheduler.startswith(("tcp://", "tls://")):
        from dask.distributed import Client

        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise UnspinError(
                f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}); "
                f"check that `dask scheduler` runs there and the address and port are "
                f"right, or use --scheduler processes to run on this machine"
            ) from None
        with client:
            return list(client.compute(tasks, sync=True))
    if scheduler == "processes":
        return list(dask.compute(*tasks, scheduler="processes", num_workers=workers))
    return list(dask.compute(*tasks, scheduler=scheduler))
