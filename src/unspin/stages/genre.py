"""The genre stage: SemEval-2023 genre (reporting / opinion / satire) and frames of an article.

``meta.genre`` = ``{"label", "confidence", "scores"}``; ``meta.frames`` = the frames whose
probability reaches the threshold calibrated for the article's language, as
``[{"label", "confidence"}]`` by decreasing confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import MissingModelError
from ..model import Article
from ..stage import Stage
from ..stage_options import options_of
from ..techniques.predictor import Predictor, load_predictor
from .techniques import cached_embeddings, paragraph_blocks


class GenreStage(Stage):
    """Article genre and frames from the shipped models."""

    name = "genre"
    requires = ()
    uses = ("layers.segments", "scratch.paragraph_embeddings")
    assigns = ("meta.genre", "meta.frames", "scratch.paragraph_embeddings")

    def __init__(self, predictor: Predictor) -> None:
        if predictor.genre is None or predictor.frames is None:
            raise MissingModelError("the genre/frames models are not in the package; train "
                                    "them with `unspin train genre --data ../shared/data/"
                                    "semeval2023`")
        self.predictor = predictor

    def process(self, article: Article) -> None:
        blocks = paragraph_blocks(article)
        language = article.meta.get("language")
        pred = self.predictor.document([b.text for b in blocks],
                                       str(language) if language else None,
                                       cached_embeddings(article, self.predictor, blocks))
        if pred is None:
            return
        article.meta["genre"] = {"label": pred.genre,
                                 "confidence": round(pred.genre_confidence, 3),
                                 "scores": pred.genre_scores}
        article.meta["frames"] = [{"label": label, "confidence": round(p, 3)}
                                  for label, p in pred.frames]


@dataclass(frozen=True)
class GenreOptions:
    """``[stages.genre]`` has no option."""


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the stage (no options)."""
    options_of(GenreOptions, options, "genre")
    predictor = load_predictor()
    predictor.encoder.load()
    return GenreStage(predictor)
