"""Fault drills, small counts (the README's figures come from run_faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .faults import (
    check_store,
    concurrent_drill,
    full_disk_drill,
    kill_drill,
    mount_tmpfs,
    oversized_file_drill,
    unmount,
)


def test_killed_ingests_lose_nothing_and_store_nothing_twice(tmp_path: Path) -> None:
    result = kill_drill(tmp_path, articles=60, kills=3, seed=7)
    assert result.problems == []
    assert result.lost == 0 and result.duplicated == 0
    assert result.survived == 3


def test_two_ingests_on_one_store_both_finish(tmp_path: Path) -> None:
    first, second, check = concurrent_drill(tmp_path, articles=60)
    assert (first, second) == (0, 0)
    assert check.integrity == "ok"
    assert check.rows == 60 and check.duplicated == 0


def test_a_full_disk_is_a_clear_error_and_the_store_stays_readable(tmp_path: Path) -> None:
    mountpoint = tmp_path / "tiny"
    if not mount_tmpfs(mountpoint, "600k"):
        pytest.skip("mounting a small tmpfs needs root and a kernel that allows it")
    try:
        code, stderr, check = full_disk_drill(mountpoint, articles=400)
        assert code != 0
        lines = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert lines, stderr
        assert any("disk" in line or "full" in line for line in lines), stderr
        assert "Traceback" not in stderr
        assert check is not None and check.integrity == "ok"
        assert check.rows == check.distinct_inputs
        assert check_store(mountpoint / "full.db").rows >= 0
    finally:
        unmount(mountpoint)


def test_an_oversized_file_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    code, stderr, peak_kb = oversized_file_drill(tmp_path, megabytes=60)
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "enorme.txt" in errors[0] and "limit" in errors[0], stderr
    assert check_store(tmp_path / "big.db").rows == 3  # the folder's other files are stored
    assert 0 < peak_kb < 400_000  # the 60 MB file is never read into memory
