"""Fault drills on real `unspin ingest` processes: kill -9 at random moments, two writers on
one store, a full disk, an oversized file. Used by ``test_faults.py`` (small counts) and by
``run_faults.py`` (the README's reliability figures).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CHEAP = "segments,language"

_PLACES = ["Lyon", "Nantes", "Lille", "Dakar", "Niamey", "Bamako", "Tunis", "Genève", "Liège",
           "Rabat"]
_TOPICS = ["le budget de la région", "la grève des transports", "un convoi humanitaire",
           "les pluies torrentielles", "une visite ministérielle", "la rentrée scolaire"]


def write_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` distinct short French articles written for the drills, one .txt each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        place, topic = _PLACES[n % len(_PLACES)], _TOPICS[n % len(_TOPICS)]
        text = (f"Dépêche numéro {n} : {topic} à {place}\n"
                f"Les autorités de {place} ont présenté lundi {topic}, a indiqué la "
                f"préfecture dans un communiqué. Selon le maire, {n + 3} personnes ont "
                f"participé à la réunion.\n"
                f"« Nous suivons la situation de près », a déclaré un porte-parole, "
                f"ajoutant que de nouvelles mesures seraient prises d'ici {n % 28 + 1} jours.")
        path = folder / f"depeche_{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def ingest_command(corpus: Path, db: Path, batch_size: int = 5,
                   stages: str = CHEAP) -> list[str]:
    return [sys.executable, "-m", "unspin.cli", "ingest", str(corpus), "--db", str(db),
            "--stages", stages, "--batch-size", str(batch_size)]


@dataclass
class StoreCheck:
    integrity: str
    rows: int
    distinct_inputs: int

    @property
    def duplicated(self) -> int:
        return self.rows - self.distinct_inputs


def check_store(db: Path) -> StoreCheck:
    """Integrity, rows and distinct inputs of a store, read with plain sqlite3."""
    conn = sqlite3.connect(str(db))
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:  # killed before the first migration committed
            return StoreCheck(integrity, 0, 0)
        rows = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        distinct = conn.execute("SELECT count(DISTINCT input_path) FROM articles").fetchone()[0]
        fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        if fts != rows:
            integrity = f"{integrity}; FTS rows {fts} != articles {rows}"
    finally:
        conn.close()
    return StoreCheck(integrity, rows, distinct)


@dataclass
class KillResult:
    kills: int
    survived: int
    mid_ingest: int  # kills that left a partly filled store (0 < rows < articles)
    lost: int
    duplicated: int
    problems: list[str]


def _wait_for_writes(proc: subprocess.Popen[bytes], db: Path) -> float:
    """Wait until ``proc`` has created its store's write-ahead log (or ended); the time."""
    wal = db.with_name(db.name + "-wal")
    while proc.poll() is None and not wal.exists():
        time.sleep(0.005)
    return time.perf_counter()


def kill_drill(workdir: Path, articles: int, kills: int, seed: int = 0) -> KillResult:
    """``kills`` trials: ingest into a fresh store, SIGKILL at a random moment, check the
    store, resume to the end and check that every article is there exactly once."""
    rng = random.Random(seed)
    corpus = workdir / "corpus"
    write_corpus(corpus, articles)
    # When an uninterrupted run starts writing and how long it writes: kill moments are
    # drawn inside that window (before it, the process is only importing Python).
    reference = workdir / "reference.db"
    started = time.perf_counter()
    proc = subprocess.Popen(ingest_command(corpus, reference), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    first_write = _wait_for_writes(proc, reference) - started
    proc.wait()
    writing = max(0.01, time.perf_counter() - started - first_write)
    survived = mid_ingest = lost = duplicated = 0
    problems: list[str] = []
    for trial in range(kills):
        db = workdir / f"kill{trial}.db"
        proc = subprocess.Popen(ingest_command(corpus, db), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _wait_for_writes(proc, db)
        time.sleep(rng.uniform(0.0, writing))
        proc.kill()
        proc.wait()
        if not db.exists():
            survived += 1  # killed before the store was created: nothing to check
        else:
            after_kill = check_store(db)
            mid_ingest += 0 < after_kill.rows < articles
            if after_kill.integrity != "ok" or after_kill.duplicated:
                problems.append(f"trial {trial}: after kill {after_kill}")
            resumed = subprocess.run(ingest_command(corpus, db), check=False, capture_output=True,
                                     text=True)
            final = check_store(db)
            lost += max(0, articles - final.distinct_inputs)
            duplicated += final.duplicated
            if resumed.returncode != 0 or final.integrity != "ok" or final.rows != articles:
                problems.append(f"trial {trial}: resume exit {resumed.returncode} {final} "
                                f"{resumed.stderr.strip()[-300:]}")
            else:
                survived += 1
    return KillResult(kills, survived, mid_ingest, lost, duplicated, problems)


def concurrent_drill(workdir: Path, articles: int) -> tuple[int, int, StoreCheck]:
    """Two `unspin ingest` processes on one store, on overlapping halves of a corpus."""
    corpus = workdir / "corpus"
    paths = write_corpus(corpus, articles)
    first, second = workdir / "first", workdir / "second"
    first.mkdir(exist_ok=True)
    second.mkdir(exist_ok=True)
    for n, path in enumerate(paths):
        # Overlap: the middle third goes to both folders.
        if n < articles * 2 // 3:
            (first / path.name).write_bytes(path.read_bytes())
        if n >= articles // 3:
            (second / path.name).write_bytes(path.read_bytes())
    db = workdir / "shared.db"
    procs = [subprocess.Popen(ingest_command(folder, db, batch_size=2), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for folder in (first, second)]
    codes = [p.wait(timeout=600) for p in procs]
    check = check_store(db)
    # Ids are content hashes of the text, so the overlapping third is one row each.
    return codes[0], codes[1], check


def full_disk_drill(mountpoint: Path, articles: int) -> tuple[int, str, StoreCheck | None]:
    """Ingest into a store on a tiny tmpfs until it is full: (exit code, stderr, check)."""
    corpus = mountpoint.parent / "corpus_full_disk"
    write_corpus(corpus, articles)
    db = mountpoint / "full.db"
    proc = subprocess.run(ingest_command(corpus, db, batch_size=20), check=False, capture_output=True,
                          text=True, timeout=600)
    return proc.returncode, proc.stderr, check_store(db) if db.exists() else None


def mount_tmpfs(mountpoint: Path, size: str) -> bool:
    """Mount a small tmpfs (root only); False when this machine does not allow it."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                           str(mountpoint)], check=False, capture_output=True)
    return done.returncode == 0


def unmount(mountpoint: Path) -> None:
    subprocess.run(["umount", str(mountpoint)], check=False, capture_output=True)


def oversized_file_drill(workdir: Path, megabytes: int = 60) -> tuple[int, str, int]:
    """A file of ``megabytes`` MB beside a good one: (exit code, stderr, peak RSS in KB)."""
    folder = workdir / "big"
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / "enorme.txt"
    with big.open("wb") as out:
        line = ("Une ligne de texte répétée pour remplir un très gros fichier. " * 16 + "\n")
        chunk = line.encode("utf-8") * 1000
        while out.tell() < megabytes * 1_000_000:
            out.write(chunk)
    write_corpus(folder, 3)
    db = workdir / "big.db"
    # Peak RSS of the child alone: VmHWM starts afresh at exec (ru_maxrss would carry the
    # forked parent's high-water mark, e.g. a large pytest process).
    wrapper = ("import runpy, sys; sys.argv = sys.argv[1:]\n"
               "try:\n    runpy.run_module('unspin.cli', run_name='__main__')\n"
               "finally:\n    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
               "    print('peak_rss_kb', hwm[0].split()[1] if hwm else 0, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", wrapper, "unspin", "ingest", str(folder),
                           "--db", str(db), "--stages", CHEAP], check=False,
                          capture_output=True, text=True, timeout=600)
    peak = 0
    for line in proc.stderr.splitlines():
        if line.startswith("peak_rss_kb"):
            peak = int(line.split()[1])
    return proc.returncode, proc.stderr, peak
