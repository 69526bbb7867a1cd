"""Loading the SemEval-2023 Task 3 folders into articles, paragraphs and labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..paragraphs import Paragraph, paragraphs
from ..taxonomy import LANGUAGE_DIRS
from .semeval_format import (
    read_articles,
    read_labels_1,
    read_labels_2,
    read_labels_3,
)

LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_DIRS)


@dataclass
class CorpusArticle:
    """One article of the shared task with whatever gold labels its split provides."""

    id: str
    language: str
    split: str  # "train" or "dev"
    text: str
    paragraphs: list[Paragraph]
    techniques: dict[int, list[str]] = field(default_factory=dict)  # gold line -> labels
    genre: str | None = None
    frames: list[str] | None = None


def load_split(root: Path, language: str, split: str) -> list[CorpusArticle]:
    """Articles of ``<root>/<language>`` for ``split`` (``train`` or ``dev``) with labels.

    Subtask-3 articles carry paragraph labels; train articles of subtasks 1 and 2 carry
    genre and frames (most articles belong to all three subtasks).
    """
    folder = Path(root) / language
    out: dict[str, CorpusArticle] = {}
    labels3_path = folder / f"{split}-labels-subtask-3.txt"
    if (folder / f"{split}-articles-subtask-3").is_dir() and labels3_path.is_file():
        labels3 = read_labels_3(labels3_path)
        for aid, text in read_articles(folder / f"{split}-articles-subtask-3").items():
            out[aid] = CorpusArticle(aid, language, split, text, paragraphs(text))
        for (aid, line), techs in labels3.items():
            if aid in out:
                out[aid].techniques[line] = techs
    if split == "train":
        for sub, reader in ((1, read_labels_1), (2, read_labels_2)):
            labels_path = folder / f"train-labels-subtask-{sub}.txt"
            articles_dir = folder / f"train-articles-subtask-{sub}"
            if not labels_path.is_file() or not articles_dir.is_dir():
                continue
            gold = reader(labels_path)
            texts = read_articles(articles_dir)
            for aid, value in gold.items():
                if aid not in texts:
                    continue
                art = out.setdefault(aid, CorpusArticle(aid, language, split, texts[aid],
                                                        paragraphs(texts[aid])))
                if sub == 1:
                    art.genre = value  # type: ignore[assignment]
                else:
                    art.frames = list(value)
    return [out[k] for k in sorted(out)]


def load_corpus(root: Path, languages: tuple[str, ...] = LANGUAGES,
                splits: tuple[str, ...] = ("train",)) -> list[CorpusArticle]:
    """All articles of the given languages and splits (languages without the folder skipped)."""
    articles: list[CorpusArticle] = []
    for lang in languages:
        if not (Path(root) / lang).is_dir():
            continue
        for split in splits:
            articles.extend(load_split(root, lang, split))
    return articles
