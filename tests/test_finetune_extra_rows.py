"""Other languages' train rows in the fine-tuning experiment: which rows, which folds.

No torch here: the fine-tuning calls are replaced by fakes that record what they are given.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from unspin.techniques.training import train_finetuned
from unspin.techniques.training.corpus import CorpusArticle
from unspin.techniques.training.finetune_e5 import FineTuneConfig
from unspin.techniques.training.finetune_experiment import sample_train_articles
from unspin.techniques.training.train_accurate import Rows


def _article(language: str, split: str, n: int, rows: int) -> CorpusArticle:
    return CorpusArticle(id=f"{language}-{split}-{n}", language=language, split=split,
                         text="", paragraphs=[],
                         techniques={line: ["Loaded_Language"] for line in range(rows)})


def test_sampled_articles_are_train_splits_of_the_asked_languages_within_budget() -> None:
    articles = ([_article("fr", "train", i, 3) for i in range(10)]
                + [_article("en", "train", i, 4) for i in range(30)]
                + [_article("en", "dev", i, 4) for i in range(10)]
                + [_article("it", "train", i, 2) for i in range(30)])
    chosen = sample_train_articles(articles, ["en", "it"], max_rows=40)
    picked = [articles[i] for i in chosen]
    assert all(a.split == "train" and a.language in ("en", "it") for a in picked)
    for language in ("en", "it"):
        rows = sum(len(a.techniques) for a in picked if a.language == language)
        # each language gets its share (20 rows), overshooting by less than one article
        assert 20 <= rows < 20 + (4 if language == "en" else 2)
    assert chosen == sample_train_articles(articles, ["en", "it"], max_rows=40)
    everything = sample_train_articles(articles, ["en", "it"], max_rows=None)
    assert len(everything) == 60


def _rows(languages: list[str], groups: list[int]) -> Rows:
    n = len(languages)
    return Rows(use_X=np.zeros((n, 2), np.float32), e5_X=np.zeros((n, 2), np.float32),
                has_e5=np.ones(n, bool), Y=np.zeros((n, 3), np.float32),
                groups=np.asarray(groups), languages=np.asarray(languages),
                splits=np.asarray(["train"] * n), keys=[("a", i) for i in range(n)],
                texts=[f"paragraph {i}" for i in range(n)])


def test_always_train_rows_train_every_fold_and_are_never_scored(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(["fr"] * 6 + ["en"] * 3, [0, 0, 1, 1, 2, 2, 3, 3, 4])
    folds = np.asarray([0, 0, 1, 1, 2, 2, 0, 0, 1])
    always = rows.languages != "fr"
    trained: list[set[float]] = []

    class FakeModel:
        class weights:  # mimics E5Numpy.weights
            layers_count = 12
            layers: list[Any] = [None] * 12

    def fake_states(states: Any, keys: list[str], first: int, model: Any) -> list[np.ndarray]:
        return [np.full((1, 1), float(i)) for i in range(len(keys))]  # row number

    def fake_fit(tokens: list[np.ndarray], *args: Any) -> tuple[None, None]:
        trained.append({float(t[0, 0]) for t in tokens})
        return None, None

    def fake_predict(net: Any, tokens: list[np.ndarray], *args: Any) -> np.ndarray:
        return np.ones((len(tokens), 3), np.float32)

    monkeypatch.setattr(train_finetuned, "states_entering", fake_states)
    monkeypatch.setattr(train_finetuned, "fit_finetune", fake_fit)
    monkeypatch.setattr(train_finetuned, "predict_finetune", fake_predict)
    out = train_finetuned.finetune_out_of_fold(rows, folds, None,  # type: ignore[arg-type]
                                               FineTuneConfig(layers=1), FakeModel(),  # type: ignore[arg-type]
                                               always_train=always)
    assert len(trained) == 3
    for k, used in enumerate(trained):
        assert {6.0, 7.0, 8.0} <= used  # the English rows, whatever their fold
        assert not {float(i) for i in range(6) if folds[i] == k} & used  # French held out
    assert (out[:6] == 1).all() and (out[6:] == 0).all()
    # without the mask the English rows are folded like the French ones
    trained.clear()
    out = train_finetuned.finetune_out_of_fold(rows, folds, None,  # type: ignore[arg-type]
                                               FineTuneConfig(layers=1), FakeModel())  # type: ignore[arg-type]
    assert 6.0 not in trained[0] and (out == 1).all()


def test_a_probe_trains_and_scores_one_fold_only(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(["fr"] * 6, [0, 0, 1, 1, 2, 2])
    folds = np.asarray([0, 0, 1, 1, 2, 2])
    fits: list[int] = []

    class FakeModel:
        class weights:
            layers_count = 12
            layers: list[Any] = [None] * 12

    monkeypatch.setattr(train_finetuned, "states_entering",
                        lambda s, keys, f, m: [np.zeros((1, 1))] * len(keys))
    monkeypatch.setattr(train_finetuned, "fit_finetune",
                        lambda tokens, *a: (fits.append(len(tokens)), None)[::-1])
    monkeypatch.setattr(train_finetuned, "predict_finetune",
                        lambda net, tokens, *a: np.ones((len(tokens), 3), np.float32))
    out = train_finetuned.finetune_out_of_fold(rows, folds, None,  # type: ignore[arg-type]
                                               FineTuneConfig(layers=1), FakeModel(),  # type: ignore[arg-type]
                                               only_folds=[1])
    assert fits == [4]
    assert (out[2:4] == 1).all() and (out[[0, 1, 4, 5]] == 0).all()


def test_probe_scores_fit_thresholds_on_the_probed_fold() -> None:
    from unspin.techniques.training.finetune_experiment import probe_scores

    rows = _rows(["fr"] * 6, [0, 0, 1, 1, 2, 2])
    rows.Y[:, 0] = [1, 0, 1, 0, 1, 0]
    folds = np.asarray([0, 0, 1, 1, 2, 2])
    perfect = rows.Y * 0.8 + 0.1
    noise = np.full_like(rows.Y, 0.5)
    members = {"use": noise, "lexical": noise}
    scores = probe_scores(perfect, members, rows, folds, 1)
    assert scores["rows"] == 2 and scores["alone"] == 1.0
    assert scores["fast_members"] < 1.0
    assert scores["best_with_fast_members"] == 1.0


def test_fine_tuning_every_layer_starts_from_the_embeddings() -> None:
    from unspin.techniques.e5_numpy import E5Numpy
    from unspin.techniques.training.train_finetuned import tuned_inputs

    model = E5Numpy()
    text = "Le ministre a démenti toute « ingérence »."
    (x,) = tuned_inputs(None, [text], 0, model)  # type: ignore[arg-type]
    np.testing.assert_allclose(x, model.embed_tokens(model.first_windows([text])))
    with pytest.raises(ValueError, match="not cached"):
        train_finetuned.states_entering(
            type("S", (), {"first": 9})(), ["k"], 3, model)  # type: ignore[arg-type]
