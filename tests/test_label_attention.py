"""Label-wise attention member (training experiment): token alignment and numpy = torch."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.techniques.e5_numpy import E5Numpy
from unspin.techniques.training.label_attention import (
    AttentionConfig,
    token_labels,
    token_word_spans,
)

PARAGRAPH = ("Le gouvernement, ce ramassis d’incapables, a encore trahi le peuple : "
             "une honte absolue, affirme le député.")


@pytest.fixture(scope="module")
def model() -> E5Numpy:
    return E5Numpy()


def test_every_token_gets_its_word(model: E5Numpy) -> None:
    spans = token_word_spans(model.weights.tokenizer, PARAGRAPH)
    assert spans is not None
    win = model.first_windows([PARAGRAPH])
    assert len(spans) == len(win.ids)
    words = {PARAGRAPH[s:e] for s, e in spans if s >= 0}
    assert {"ramassis", "d’incapables,", "honte"} <= words
    assert spans[0] == (-1, -1) and spans[-1] == (-1, -1)


def test_long_paragraph_is_cut_like_the_encoder(model: E5Numpy) -> None:
    text = " ".join(["x"] * 800)  # 1,500 characters cut to 750 one-token words
    spans = token_word_spans(model.weights.tokenizer, text)
    assert spans is not None
    assert len(spans) == len(model.first_windows([text]).ids) == 512


def test_tokens_inside_a_span_are_labelled(model: E5Numpy) -> None:
    spans = token_word_spans(model.weights.tokenizer, PARAGRAPH)
    start = PARAGRAPH.index("ramassis")
    end = PARAGRAPH.index(",", start)
    labels = token_labels(spans, [(4, start, end)], 23, len(spans or []))
    assert labels is not None
    inside = {PARAGRAPH[s:e] for (s, e), row in zip(spans or [], labels) if row[4] == 1.0}
    assert inside == {"ramassis", "d’incapables,"}
    assert labels[:, [k for k in range(23) if k != 4]].sum() == 0
    assert token_labels(spans, [], 23, len(spans or []) + 1) is None


def test_numpy_member_equals_torch() -> None:
    torch = pytest.importorskip("torch")
    from unspin.techniques.training.label_attention import fit_attention

    rng = np.random.default_rng(0)
    tokens = [rng.normal(size=(int(rng.integers(3, 12)), 16)).astype(np.float32)
              for _ in range(40)]
    side = rng.normal(size=(40, 5)).astype(np.float32)
    Y = (rng.random((40, 23)) < 0.2).astype(np.float32)
    labels = [None if i % 2 else (rng.random((len(t), 23)) < 0.1).astype(np.float32)
              for i, t in enumerate(tokens)]
    cfg = AttentionConfig(projection=8, epochs=2, dropout=0.0)
    arrays = fit_attention(tokens, labels, side, Y, np.ones(40), cfg)
    probs = arrays.probabilities(tokens, side)
    assert probs.shape == (40, 23)
    # the same computation in torch from the arrays
    F = torch.nn.functional
    for i in (0, 7):
        x = torch.from_numpy(tokens[i])
        h = F.gelu(x @ torch.from_numpy(arrays.proj_w) + torch.from_numpy(arrays.proj_b))
        a = (h @ torch.from_numpy(arrays.score_w) + torch.from_numpy(arrays.score_b)).softmax(0)
        z = a.T @ h
        logit = (z * torch.from_numpy(arrays.out_w)).sum(1) + torch.from_numpy(arrays.out_b)
        side_z = torch.from_numpy((side[i] - arrays.side_mean) / arrays.side_scale)
        logit = logit + side_z @ torch.from_numpy(arrays.side_w) + torch.from_numpy(arrays.side_b)
        np.testing.assert_allclose(probs[i], torch.sigmoid(logit).numpy(), atol=1e-5)
