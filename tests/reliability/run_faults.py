"""The reliability figures of the README: kill -9 drills, two writers, a full disk, a 60 MB file.

    python tests/reliability/run_faults.py [--kills 20] [--articles 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.reliability.faults import (
    concurrent_drill,
    full_disk_drill,
    kill_drill,
    mount_tmpfs,
    oversized_file_drill,
    unmount,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kills = kill_drill(work / "kill", args.articles, args.kills, args.seed)
        print(f"kill -9 during ingest of {args.articles} articles: {kills.kills} kills, "
              f"{kills.survived} survived (integrity ok, resumed to all {args.articles}; "
              f"{kills.mid_ingest} kills landed with the store part-filled), "
              f"articles lost {kills.lost}, stored twice {kills.duplicated}")
        for problem in kills.problems:
            print("  problem:", problem)
        bad += len(kills.problems) + kills.lost + kills.duplicated
        first, second, check = concurrent_drill(work / "two", args.articles)
        print(f"two ingests on one store: exit codes {first} and {second}, integrity "
              f"{check.integrity}, {check.rows} rows for {args.articles} articles, "
              f"stored twice {check.duplicated}")
        bad += (first != 0) + (second != 0) + (check.rows != args.articles)
        mountpoint = work / "tiny"
        if mount_tmpfs(mountpoint, "600k"):
            try:
                code, stderr, disk = full_disk_drill(mountpoint, 400)
            finally:
                unmount(mountpoint)
            errors = [line for line in stderr.splitlines() if line.startswith("error:")]
            print(f"full disk (600 KB tmpfs): exit code {code}, store integrity "
                  f"{disk.integrity if disk else 'no store'}, message: "
                  f"{errors[0] if errors else stderr.strip()[-200:]}")
            bad += code == 0 or not disk or disk.integrity != "ok"
        else:
            print("full disk: skipped (mounting a tmpfs needs root)")
        code, stderr, peak = oversized_file_drill(work / "big", 60)
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        print(f"60 MB file in a folder: exit code {code}, peak RSS {peak / 1024:.0f} MB, "
              f"message: {errors[0] if errors else '(none)'}")
        bad += code != 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
