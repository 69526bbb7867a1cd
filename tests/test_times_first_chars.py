"""Trying each time pattern only where it can start finds exactly what scanning finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.times.first_chars import first_chars
from unspin.times.lexicon import available_languages, load_lexicon
from unspin.times.recognise import Candidate, find_candidates, prepare_text, trigger_windows


def scanned(text: str, language: str) -> list[tuple[int, int, int, tuple[int, int]]]:
    """The reference: every pattern's ``finditer`` over every trigger window."""
    lexicon = load_lexicon(language)
    assert lexicon is not None
    out = []
    for pattern in lexicon.patterns:
        for start, end in trigger_windows(text, lexicon):
            for match in pattern.regex.finditer(text, start, end):
                try:
                    span = match.span("x")
                except IndexError:
                    span = match.span()
                if span[0] >= 0 and span[1] > span[0]:
                    out.append((pattern.order, span[0], span[1], match.span()))
    return sorted(out)


def found(text: str, language: str) -> list[tuple[int, int, int, tuple[int, int]]]:
    lexicon = load_lexicon(language)
    assert lexicon is not None
    cands: list[Candidate] = find_candidates(text, lexicon)
    return sorted((c.order, c.start, c.end, c.match.span()) for c in cands)


# Written for this test: dates, clock times, durations, ranges, hyphens, case, odd spaces.
TEXTS = {
    "fr": [
        ("Le 14 juillet 2021, vers 12 h 30, trois roquettes ont frappé. Le lendemain matin, "
        "l'armée a annoncé un retrait d'ici la fin du mois, puis « dans les six mois »."),
        ("DU 3 AU 5 MARS, les négociations ont duré 48 heures ; l'après-midi du mardi 4, "
        "rien. Depuis 2019, plus d'une trentaine d'attaques. Il y a deux ans, en été."),
        ("Entre 14 h-18 h, le 1er janvier ; les années 1990 ; au XXe siècle ; mi-novembre ; "
        "chaque lundi ; ce week-end ; à la Toussaint ; vendredi dernier à l'aube."),
    ],
    "en": [
        ("On July 14, 2021, at about 12:30 p.m., three rockets hit. The next morning the army "
        "announced a withdrawal by the end of the month, within six months."),
        ("FROM 3 TO 5 MARCH talks lasted 48 hours; since 2019, every Monday, last Friday at "
        "dawn, in the 1990s, in the 20th century, this weekend, two years ago."),
    ],
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_same_candidates_as_scanning_every_window(language: str) -> None:
    for text in TEXTS[language]:
        prepared = prepare_text(text)
        assert found(prepared, language) == scanned(prepared, language)
        assert found(prepared, language)  # the texts do hold expressions


def _words(language: str) -> list[str]:
    lexicon = load_lexicon(language)
    assert lexicon is not None
    return sorted(lexicon.triggers)[:400]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_same_candidates_on_generated_text(data: st.DataObject) -> None:
    language = data.draw(st.sampled_from(sorted(set(available_languages()) & {"fr", "en"})))
    piece = st.one_of(
        st.sampled_from(_words(language)),
        st.integers(0, 3000).map(str),
        st.sampled_from([" ", "  ", "-", " h ", ":", ", ", ". ", "«", "»", "'", "\n", "/",
                         "er", "e", "H", "ſ", "ı", "K", "\u00a0"]),
        st.text(max_size=4),
    )
    parts = data.draw(st.lists(piece, max_size=40))
    text = prepare_text(" ".join(parts) if data.draw(st.booleans()) else "".join(parts))
    assert found(text, language) == scanned(text, language)


def test_first_chars_of_simple_patterns() -> None:
    flags = re.IGNORECASE
    first = first_chars(r"(?:le\s+)?(?P<d>\d+)|janvier", flags)
    assert first is not None
    assert first.admits("L") and first.admits("7") and first.admits("J")
    assert not first.admits("x") and not first.admits(" ")
    # the Kelvin sign folds to k under IGNORECASE: the test follows re's own folding
    assert first_chars("k", flags).admits("\u212a")  # type: ignore[union-attr]
    assert first_chars(r"(?:a)?", flags) is None  # can match the empty string
    assert first_chars(r".x", flags) is None  # any character
    assert first_chars(r"(?<=a)(?!b)c", flags).admits("c")  # type: ignore[union-attr]
