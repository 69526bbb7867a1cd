"""Near-duplicate links on real articles (SemEval-2023 Task 3 texts, 6 languages).

``unspin eval duplicates [--data ../shared/data/semeval2023]`` stores every distinct
article of the subtask-3 folders (train and dev), then lightly edited copies of a random
sample, the way outlets republish wire copy, and measures:

- ``links_among_originals``: links between distinct articles of the corpus, each either a
  true republication inside the corpus or a false link (``pairs`` lists them, with file
  names, so that they can be checked by hand);
- per kind of edit, how many copies are linked to their original (``recall``) and how
  many to another article (``wrong``): ``light`` (new headline, first sentence rewritten,
  a sentence added at the end), ``trimmed`` (the same, and the last third of the
  paragraphs cut, as wire copies are often shortened), ``excerpt`` (only the first half
  of the paragraphs kept: the case where detection is expected to stop);
- ``ms_per_article``: indexing and linking time, store included.

The threshold (Jaccard 0.5 on word 3-shingles) was fixed before this evaluation was first
run and is not tuned on it. New words of the edits come from other articles of the same
language, so that an edit does not add easy, unique words.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from ..model import Article
from ..store import Store
from .paths import shared_data

DEFAULT_DATA = shared_data("semeval2023")
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
    """A republished copy of ``text``; ``donor`` (another article) gives the new words."""
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


def _group(store: Store, article_id: str) -> set[str]:
    """The article and the original it is itself linked to (copies link to the root)."""
    group = {article_id}
    for link in store.duplicate_links(article_id):
        if link.article_id == article_id:
            group.add(link.duplicate_of)
    return group


def evaluate(data: Path | None = None, copies: int = 300, seed: int = 11) -> dict[str, Any]:
    """The figures described in the module docstring."""
    root = Path(data) if data else DEFAULT_DATA
    corpus = read_corpus(root)
    if not corpus:
        raise FileNotFoundError(f"{root}: no SemEval-2023 subtask-3 articles found")
    rng = random.Random(seed)
    result: dict[str, Any] = {"articles": len(corpus),
                              "languages": ",".join(sorted({c[0] for c in corpus}))}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        originals = [Article(text=text, meta={"outlet": f"{lang}/{name}"})
                     for lang, name, text in corpus]
        start = time.perf_counter()
        for i in range(0, len(originals), 200):
            store.add(originals[i : i + 200])
        result["ms_per_article"] = round(1000 * (time.perf_counter() - start) / len(corpus), 2)
        names = {a.id: a.meta["outlet"] for a in originals}
        among = sorted(store.duplicate_links(), key=lambda link: -link.similarity)
        result["links_among_originals"] = len(among)
        result["pairs"] = {f"{names[link.article_id]} -> {names[link.duplicate_of]}":
                           link.similarity for link in among}
        by_language: dict[str, list[int]] = {}
        for n, (lang, _, _) in enumerate(corpus):
            by_language.setdefault(lang, []).append(n)
        for kind in EDITS:
            sample = rng.sample(range(len(corpus)), min(copies, len(corpus)))
            made_copies = []
            for n in sample:
                lang, name, text = corpus[n]
                donor = corpus[rng.choice([m for m in by_language[lang] if m != n])][2]
                made_copies.append((n, Article(text=edit(text, kind, donor, rng),
                                               meta={"outlet": f"copy-{kind}/{name}"})))
            before = {link.article_id for link in store.duplicate_links()}
            store.add([a for _, a in made_copies])
            made = {link.article_id: link.duplicate_of for link in store.duplicate_links()
                    if link.article_id not in before}
            right = wrong = 0
            for n, copy in made_copies:
                if copy.id in made:
                    if made[copy.id] in _group(store, originals[n].id):
                        right += 1
                    else:
                        wrong += 1
            result[kind] = {"copies": len(made_copies), "linked": right, "wrong": wrong,
                            "recall": round(right / len(made_copies), 3)}
    return result
