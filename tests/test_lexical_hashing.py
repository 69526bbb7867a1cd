"""The n-gram hashing of the lexical member equals scikit-learn's HashingVectorizer."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.techniques.lexical import N_FEATURES, NGRAMS, hashed_counts, murmurhash3_32


def reference(texts: list[str]):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS,
                                   n_features=N_FEATURES, alternate_sign=False, norm=None,
                                   lowercase=True)
    out = vectorizer.transform(texts).tocsr()
    out.sort_indices()
    return out


def same(texts: list[str]) -> bool:
    ours, theirs = hashed_counts(texts), reference(texts)
    return (ours.shape == theirs.shape and (ours.indptr == theirs.indptr).all()
            and (ours.indices == theirs.indices).all() and (ours.data == theirs.data).all())


def test_written_texts() -> None:
    texts = ["Les « terroristes » ont encore frappé !", "", " ", "a", "ab", "\t\n",
             "İSTANBUL ΣΟΦΊΑ Straße ﬁnal 🇫🇷 😀 café\u0301", "x" * 7, "  a  b  ",
             "\u00a0mot\u2009mot\u202fmot", "Он сказал: «Это ложь». 戦争は終わった。"]
    assert same(texts)
    assert hashed_counts(texts).shape == (len(texts), N_FEATURES)
    assert hashed_counts([]).shape == (0, N_FEATURES)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
                min_size=1, max_size=6))
def test_any_text(texts: list[str]) -> None:
    assert same(texts)


def test_murmurhash3_known_values() -> None:
    # MurmurHash3_x86_32 reference values (seed 0) of "", "a", "abcd", "abcde"
    keys = {b"": 0, b"a": 0x3C2569B2, b"abcd": 0x43ED676A, b"abcde": 0xE89B9AF6}
    for key, value in keys.items():
        row = np.frombuffer(key, dtype=np.uint8).reshape(1, len(key))
        assert int(murmurhash3_32(row)[0]) == value
