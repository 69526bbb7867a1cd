"""The accurate backend of the techniques stage: features, model file, frozen list, stage."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ConfigError
from unspin.model import Article
from unspin.stage import make_stage
from unspin.techniques.accurate import (
    MODEL_NAME,
    AccurateModel,
    combine,
    e5_feature_dim,
    e5_features,
)
from unspin.techniques.classifier import Network, model_available
from unspin.techniques.e5_encoder import E5_DIM
from unspin.techniques.features import feature_dim
from unspin.techniques.lexical import N_FEATURES, LexicalModel
from unspin.techniques.taxonomy import TECHNIQUES
from unspin.techniques.training.frozen import file_sha256, frozen_hashes

# Written for this test (not from any corpus): an opinion paragraph loaded with techniques
# and a plain factual one.
ARTICLE = (
    "Réforme de l'assurance chômage : le gouvernement déclare la guerre aux plus fragiles\n"
    "\n"
    "Une fois de plus, ces technocrates déconnectés ont décidé de saigner les chômeurs pour "
    "plaire aux marchés. Qui peut encore croire que cette réforme honteuse servira les "
    "Français ? Il faut se lever maintenant, avant qu'il ne soit trop tard !\n"
    "\n"
    "Le décret, publié dimanche au Journal officiel, réduit de 25 % la durée "
    "d'indemnisation des demandeurs d'emploi à partir du 1er février.\n"
)

needs_accurate = pytest.mark.skipif(
    not model_available(MODEL_NAME),
    reason="accurate techniques model not trained (unspin train techniques --backend accurate)")


def _tiny_model(rng: np.random.Generator, with_lexical: bool = True) -> AccurateModel:
    k = len(TECHNIQUES)

    def net(dim: int) -> Network:
        return Network(rng.normal(size=dim).astype(np.float32),
                       (1 + rng.random(dim)).astype(np.float32),
                       [(rng.normal(size=(dim, 8)).astype(np.float32),
                         rng.normal(size=8).astype(np.float32)),
                        (rng.normal(size=(8, k)).astype(np.float32),
                         rng.normal(size=k).astype(np.float32))])

    lexical = None
    if with_lexical:
        lexical = LexicalModel(np.ones(N_FEATURES, np.float32),
                               np.zeros((N_FEATURES, k), np.float32),
                               rng.normal(size=k).astype(np.float32))
    return AccurateModel(list(TECHNIQUES), [net(feature_dim())], [net(e5_feature_dim())] * 2,
                         lexical, {"use": 1.0, "lexical": 2.0, "e5": 1.5},
                         {"*": np.full(k, 0.4, np.float32), "fr": np.full(k, 0.3, np.float32)},
                         {"note": "test"})


def test_e5_features_rows_hold_own_mean_neighbours_and_language() -> None:
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(3, E5_DIM)).astype(np.float32)
    rows = e5_features(emb, ["Titre", "Un paragraphe.", "Un autre !"], [1, 3, 5], "fr")
    assert rows.shape == (3, e5_feature_dim())
    d = E5_DIM
    assert np.allclose(rows[1, :d], emb[1])
    assert np.allclose(rows[0, d : 2 * d], emb.mean(axis=0))
    assert np.allclose(rows[1, 2 * d : 3 * d], (emb[0] + emb[2]) / 2)
    assert np.allclose(rows[0, 2 * d : 3 * d], emb[1])  # the title has one neighbour
    assert rows[:, -6:].sum() == 3  # one-hot of fr on every row
    assert e5_features(np.zeros((0, E5_DIM), np.float32), [], [], "fr").shape == (
        0, e5_feature_dim())


def test_unknown_language_gets_no_one_hot() -> None:
    emb = np.ones((2, E5_DIM), np.float32)
    assert e5_features(emb, ["a", "b"], [1, 2], "xx")[:, -6:].sum() == 0


def test_model_file_round_trip_keeps_scores_and_thresholds(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    model = _tiny_model(rng)
    model.save(tmp_path)
    loaded = AccurateModel.load(tmp_path)
    use_rows = rng.normal(size=(4, feature_dim())).astype(np.float32)
    e5_rows = rng.normal(size=(4, e5_feature_dim())).astype(np.float32)
    texts = ["un", "deux", "trois", "quatre"]
    # weights are stored as float16: equal to the last few decimals
    assert np.allclose(loaded.scores(use_rows, e5_rows, texts),
                       model.scores(use_rows, e5_rows, texts), atol=2e-3)
    assert np.allclose(loaded.thresholds_for("fr"), 0.3)
    assert np.allclose(loaded.thresholds_for("de"), 0.4)  # unknown: the pooled row
    assert loaded.weights == model.weights
    assert loaded.meta["note"] == "test"
    with np.load(tmp_path / f"{MODEL_NAME}.npz", allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)


def test_combine_is_a_weighted_mean_of_present_members() -> None:
    a = np.full((2, 3), 0.2, np.float32)
    b = np.full((2, 3), 0.8, np.float32)
    assert np.allclose(combine({"use": a, "e5": b}, {"use": 1.0, "e5": 3.0}), 0.65)
    # a member absent from the probabilities does not count in the denominator
    assert np.allclose(combine({"use": a}, {"use": 1.0, "e5": 3.0}), 0.2)
    with pytest.raises(ValueError):
        combine({"use": a}, {"use": 0.0})


def test_frozen_list_is_a_fifth_of_the_french_training_articles() -> None:
    hashes = frozen_hashes()
    assert len(hashes) == 32
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)


def test_frozen_list_matches_the_shared_files_when_present() -> None:
    folder = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023"
              / "fr" / "train-articles-subtask-3")
    if not folder.is_dir():
        pytest.skip(f"SemEval-2023 French training articles absent at {folder}")
    found = {file_sha256(p) for p in folder.glob("article*.txt")} & frozen_hashes()
    assert len(found) == 32


def test_accurate_is_a_registered_backend_and_fast_stays_the_default() -> None:
    from unspin.stage import backends_of

    assert backends_of("techniques")[0] == "model"
    assert "accurate" in backends_of("techniques")
    with pytest.raises(ConfigError, match="backend"):
        make_stage("techniques", {"backend": "turbo"})


@pytest.mark.slow
@needs_accurate
def test_accurate_backend_loads_and_predicts_on_a_written_article() -> None:
    stage = make_stage("techniques", {"backend": "accurate"})
    assert stage.backend == "accurate"
    art = Article.from_text(ARTICLE)
    art.meta["language"] = "fr"
    stage.process(art)
    found = art.layer("techniques")
    assert found, "the loaded opinion paragraph should get at least one technique"
    assert all(a.attrs["kind"] == "paragraph" for a in found)
    assert {a.attrs["paragraph"] for a in found} <= {1, 3, 5}
    assert all(0.0 <= a.attrs["confidence"] <= 1.0 for a in found)
    assert all(a.label in TECHNIQUES for a in found)
    # the opinion paragraph carries more techniques than the factual decree paragraph
    per_line = {line: sum(a.attrs["paragraph"] == line for a in found) for line in (3, 5)}
    assert per_line[3] > per_line[5]
