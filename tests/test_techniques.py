"""The techniques and genre stages, the model file format and the features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.model import Annotation, Article
from unspin.stages.techniques import paragraph_blocks
from unspin.techniques.classifier import LabelModel, Network, model_available
from unspin.techniques.features import (
    article_features,
    embed_paragraphs,
    feature_dim,
    split_sentences,
    surface_features,
)
from unspin.techniques.lexical import LexicalModel, fit_lexical
from unspin.techniques.taxonomy import FRAMES, GENRES, TECHNIQUES

TEXT = (
    "Retraites : le gouvernement passe en force\n"
    "\n"
    "Le Premier ministre a annoncé mardi le recours à l'article 49.3 pour faire adopter la "
    "réforme des retraites sans vote des députés.\n"
    "\u00a0\n"
    "« C'est un scandale absolu, une trahison de tous les travailleurs de ce pays ! », a "
    "lancé une députée de l'opposition, qui accuse l'exécutif de mépriser la démocratie.\n"
    "\n"
    "Selon le ministère du Travail, la mesure doit rapporter 17,7 milliards d'euros d'ici "
    "2030.\n"
)

needs_model = pytest.mark.skipif(not model_available("techniques"),
                                 reason="techniques model not trained (unspin train techniques)")


def test_blocks_without_segments_are_non_blank_lines() -> None:
    art = Article.from_text(TEXT)
    blocks = paragraph_blocks(art)
    assert [b.line for b in blocks] == [1, 3, 5, 7]
    assert all(art.text[b.start : b.end] == b.text for b in blocks)


def test_blocks_follow_title_and_paragraph_segments() -> None:
    art = Article.from_text(TEXT)
    lines = art.text.split("\n")
    start3 = len(lines[0]) + 2
    start5 = start3 + len(lines[2]) + len(lines[3]) + 2
    art.set_layer("segments", [
        Annotation(0, len(lines[0]), "title", {"line": 1}),
        Annotation(start3, start3 + len(lines[2]), "paragraph", {"line": 3, "index": 1}),
        Annotation(start5, start5 + len(lines[4]), "caption", {"line": 5}),
    ])
    assert [b.line for b in paragraph_blocks(art)] == [1, 3]


def test_features_shape_and_context() -> None:
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(3, 512)).astype(np.float32)
    feats = article_features(emb, ["a", "b !", "c ?"], [1, 3, 5])
    assert feats.shape == (3, feature_dim())
    np.testing.assert_allclose(feats[1, 512:1024], emb[1], rtol=1e-5)  # no sentences given
    np.testing.assert_allclose(feats[1, 1024:1536], emb.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(feats[1, 1536:2048], (emb[0] + emb[2]) / 2, rtol=1e-5)
    np.testing.assert_allclose(feats[0, 1536:2048], emb[1], rtol=1e-5)
    assert feats[:, -6:].sum() == 0.0  # unknown language: all-zero one-hot
    assert article_features(emb, ["a", "b", "c"], [1, 2, 3], language="fr")[0, -5] == 1.0
    assert surface_features(["Titre"], [1])[0, 0] == 1.0


def test_sentence_split_and_max_pooling() -> None:
    assert split_sentences("Il a menti. C'est un scandale ! Vraiment ?") == [
        "Il a menti.", "C'est un scandale !", "Vraiment ?"]
    table = {"A. B.": [1.0, 0.0], "A.": [0.0, 2.0], "B.": [3.0, -1.0], "C": [5.0, 5.0]}

    def embed(texts):  # type: ignore[no-untyped-def]
        return np.array([table[t] for t in texts], np.float32)

    para, sent_max = embed_paragraphs(["A. B.", "C"], embed)
    assert para.tolist() == [[1.0, 0.0], [5.0, 5.0]]
    assert sent_max.tolist() == [[3.0, 2.0], [5.0, 5.0]]


def test_lexical_model_learns_a_cue_and_round_trips(tmp_path: Path) -> None:
    texts = [f"Quelle honte, ce scandale numéro {i} !" for i in range(20)] + [
        f"Le conseil a voté le budget numéro {i}." for i in range(20)]
    Y = np.array([[1.0]] * 20 + [[0.0]] * 20, np.float32)
    lex = fit_lexical(texts, Y, np.ones(40), C=10.0)
    probs = lex.scores(["Un scandale, quelle honte !", "Le budget a été voté."])
    assert probs[0, 0] > 0.5 > probs[1, 0]
    again = LexicalModel.from_arrays(lex.to_arrays("x_"), "x_")
    np.testing.assert_allclose(again.scores(texts[:3]), lex.scores(texts[:3]), atol=0.02)


def test_model_files_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    net = Network(rng.normal(size=4).astype(np.float32), np.ones(4, np.float32),
                  [(rng.normal(size=(4, 3)).astype(np.float32), np.zeros(3, np.float32)),
                   (rng.normal(size=(3, 2)).astype(np.float32), np.zeros(2, np.float32))])
    model = LabelModel("toy", ["A", "B"], [net, net], {"*": np.array([0.3, 0.6], np.float32)},
                       {"note": "test"})
    model.save(tmp_path)
    loaded = LabelModel.load("toy", tmp_path)
    x = rng.normal(size=(5, 4)).astype(np.float32)
    # weights are stored as float16: equal to a few decimals
    np.testing.assert_allclose(loaded.scores(x), net.scores(x), atol=2e-3)
    assert loaded.thresholds_for("xx").tolist() == pytest.approx([0.3, 0.6])
    hidden = np.maximum((x - net.mean) @ net.layers[0][0], 0) @ net.layers[1][0]
    np.testing.assert_allclose(net.scores(x), 1 / (1 + np.exp(-hidden)), rtol=1e-5)


def test_bagging_networks_keeps_the_lexical_member_weight() -> None:
    from unspin.techniques.training.train_fast import LEXICAL_WEIGHT, lexical_member_weight

    rng = np.random.default_rng(2)
    nets = [Network(np.zeros(4, np.float32), np.ones(4, np.float32),
                    [(rng.normal(size=(4, 2)).astype(np.float32), np.zeros(2, np.float32))])
            for _ in range(5)]
    texts = ["Quelle honte !", "Le budget a été voté."]
    lex = fit_lexical(texts, np.array([[1.0, 0.0], [0.0, 1.0]], np.float32), np.ones(2))
    x = rng.normal(size=(2, 4)).astype(np.float32)
    bag = LabelModel("t", ["A", "B"], nets, lexical=lex,
                     lexical_weight=lexical_member_weight(len(nets)))
    net_mean = sum(n.scores(x) for n in nets) / len(nets)
    expected = (net_mean + LEXICAL_WEIGHT * lex.scores(texts)) / (1 + LEXICAL_WEIGHT)
    np.testing.assert_allclose(bag.scores(x, texts), expected, rtol=1e-5)


def test_network_seed_changes_the_fit_reproducibly() -> None:
    from unspin.techniques.training.train_fast import TrainConfig, fit_network

    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 6)).astype(np.float32)
    Y = (X[:, :2] > 0).astype(np.float32)
    w = np.ones(300)

    def first_layer(seed: int) -> np.ndarray:
        return fit_network(X, Y, w, TrainConfig(hidden=8, alpha=0.1, max_iter=3,
                                                seed=seed)).layers[0][0]

    np.testing.assert_array_equal(first_layer(1), first_layer(1))
    assert not np.allclose(first_layer(1), first_layer(2))


@pytest.fixture(scope="module")
def techniques_stage():  # type: ignore[no-untyped-def]
    from unspin.stage import make_stage

    return make_stage("techniques")


@needs_model
def test_stage_annotates_paragraph_lines(techniques_stage) -> None:  # type: ignore[no-untyped-def]
    art = Article.from_text(TEXT, language="fr")
    art.add("techniques", 10, 20, "Doubt", kind="span", paragraph=1)
    techniques_stage(art)
    anns = art.layer("techniques")
    assert any(a.attrs["kind"] == "span" for a in anns), "span-level annotations are kept"
    para = [a for a in anns if a.attrs["kind"] == "paragraph"]
    assert para, "an outraged quote should get at least one technique"
    lines = {b.line: b for b in paragraph_blocks(art)}
    for a in para:
        assert a.label in TECHNIQUES
        block = lines[a.attrs["paragraph"]]
        assert (a.start, a.end) == (block.start, block.end)
        assert 0.0 <= a.attrs["confidence"] <= 1.0


@needs_model
def test_threshold_offset_controls_the_decisions() -> None:
    from unspin.stages.techniques import TechniquesStage
    from unspin.techniques.predictor import load_predictor

    art = Article.from_text(TEXT, language="fr")
    TechniquesStage(load_predictor(), threshold_offset=-1.0)(art)
    assert len(art.layer("techniques")) == 4 * len(TECHNIQUES)
    TechniquesStage(load_predictor(), threshold_offset=1.0)(art)
    assert art.layer("techniques") == []


@needs_model
def test_genre_stage_sets_meta() -> None:
    if not model_available("genre"):
        pytest.skip("genre model not trained (unspin train genre)")
    from unspin.stage import make_stage

    art = Article.from_text(TEXT, language="fr")
    make_stage("genre")(art)
    genre = art.meta["genre"]
    assert genre["label"] in GENRES
    assert sum(genre["scores"].values()) == pytest.approx(1.0, abs=1e-3)
    assert genre["confidence"] == pytest.approx(max(genre["scores"].values()), abs=1e-3)
    assert all(f["label"] in FRAMES for f in art.meta["frames"])


@needs_model
def test_semeval_predict_lists_every_non_blank_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from unspin.cli_semeval import semeval_app

    folder = tmp_path / "fr"
    folder.mkdir()
    (folder / "article501.txt").write_text(TEXT, encoding="utf-8")
    (folder / "article77.txt").write_text("Un titre\n\u00a0\nUn paragraphe.\n", encoding="utf-8")
    result = CliRunner().invoke(semeval_app, ["predict", "--subtask", "3", str(folder)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert [(r[0], r[1]) for r in rows] == [("77", "1"), ("77", "3"), ("501", "1"),
                                            ("501", "3"), ("501", "5"), ("501", "7")]
    assert all(len(r) == 3 and all(t in TECHNIQUES for t in r[2].split(",") if t)
               for r in rows)
    genre = CliRunner().invoke(semeval_app, ["predict", "--subtask", "1", str(folder)])
    assert genre.exit_code == 0, genre.output
    assert all(line.split("\t")[1] in GENRES for line in genre.output.splitlines())
