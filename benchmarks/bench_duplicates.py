"""Benchmark: near-duplicate links on real articles (SemEval-2023 Task 3, 6 languages).

    python benchmarks/bench_duplicates.py [--data ../shared/data/semeval2023] [--copies 300]

Stores every distinct article of the corpus (train and dev folders of subtask 3), then
lightly edited copies of a random sample, the way outlets republish wire copy, and reports:

- links among the original articles (distinct articles of the corpus: each one is either
  a true republication inside the corpus or a false link; the script prints their
  similarities and ids so that they can be checked by hand);
- recall on the copies, per kind of edit: ``light`` (new headline, first sentence
  rewritten, a sentence added at the end), ``trimmed`` (the same plus the last third of
  the paragraphs cut, as wire copies are often shortened), ``excerpt`` (only the first
  half of the paragraphs kept: a harder case, listed to show where detection stops);
- the time to index and link one article (store included, one core).

The threshold (Jaccard 0.5 on word 3-shingles) was fixed before this benchmark was first
run and is not tuned on it. The "rewritten" sentences are taken from other articles of
the same language, so that the edit does not add easy, unique words.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from unspin.model import Article
from unspin.store import Store

EDITS = ("light", "trimmed", "excerpt")


def read_corpus(root: Path) -> list[tuple[str, str, str]]:
    """``(language, file name, text)`` of each distinct article of the subtask-3 folders."""
    seen: set[str] = set()
    found = []
    for folder in sorted(root.glob("*/*-articles-subtask-3")):
        language = folder.parent.name
        for path in sorted(folder.glob("*.txt")):
            key = f"{language}/{path.name}"
            if key in seen:
                continue
            seen.add(key)
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                found.append((language, path.name, text))
    return found


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 5]


def edit(text: str, kind: str, donor: str, rng: random.Random) -> str:
    """A republished copy of ``text``: ``donor`` (another article) gives the new words."""
    lines = [line for line in text.split("\n") if line.strip()]
    donor_sentences = _sentences(donor) or ["Les faits remontent à la semaine dernière."]
    body = lines[1:] or lines
    _, _, rest = body[0].partition(". ")
    body = [rng.choice(donor_sentences) + (" " + rest if rest else "")] + body[1:]
    if kind == "trimmed":
        body = body[: max(1, (len(body) * 2 + 2) // 3)]
    elif kind == "excerpt":
        body = body[: max(1, (len(body) + 1) // 2)]
    body[-1] += " " + rng.choice(donor_sentences)
    headline = rng.choice(donor_sentences)[:80]
    return "\n".join([headline, *body])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/semeval2023"))
    parser.add_argument("--copies", type=int, default=300, help="copies per kind of edit")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"error: {args.data}: no such folder (SemEval-2023 Task 3 data)")
    corpus = read_corpus(args.data)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        originals = [Article(text=text, meta={"outlet": f"{lang}/{name}"})
                     for lang, name, text in corpus]
        start = time.perf_counter()
        for i in range(0, len(originals), 200):
            store.add(originals[i : i + 200])
        seconds = time.perf_counter() - start
        among = store.duplicate_links()
        names = {a.id: a.meta["outlet"] for a in originals}
        print(f"articles: {len(originals)} ({', '.join(sorted({c[0] for c in corpus}))}); "
              f"indexed and linked in {seconds:.1f} s "
              f"({1000 * seconds / len(originals):.2f} ms/article, store included)")
        print(f"links among the original articles: {len(among)}")
        for link in sorted(among, key=lambda x: -x.similarity):
            print(f"  {link.similarity:.2f}  {names[link.article_id]} -> "
                  f"{names[link.duplicate_of]}")
        by_language: dict[str, list[int]] = {}
        for n, (lang, _, _) in enumerate(corpus):
            by_language.setdefault(lang, []).append(n)
        for kind in EDITS:
            sample = rng.sample(range(len(corpus)), min(args.copies, len(corpus)))
            copies = []
            for n in sample:
                lang, name, text = corpus[n]
                donor = corpus[rng.choice([m for m in by_language[lang] if m != n])][2]
                copies.append((n, Article(text=edit(text, kind, donor, rng),
                                          meta={"outlet": f"copy-{kind}/{name}"})))
            before = {link.article_id for link in store.duplicate_links()}
            store.add([a for _, a in copies])
            made = {link.article_id: link.duplicate_of for link in store.duplicate_links()
                    if link.article_id not in before}
            right = sum(made.get(copy.id) in _group(store, originals[n].id)
                        for n, copy in copies)
            wrong = sum(copy.id in made and made[copy.id] not in _group(store, originals[n].id)
                        for n, copy in copies)
            print(f"copies '{kind}': {right}/{len(copies)} linked to their original "
                  f"({100 * right / len(copies):.1f}%), {wrong} linked to another article")


def _group(store: Store, article_id: str) -> set[str]:
    """The article and the original it is itself linked to (a copy links to the root)."""
    group = {article_id}
    for link in store.duplicate_links(article_id):
        if link.article_id == article_id:
            group.add(link.duplicate_of)
    return group


if __name__ == "__main__":
    main()
