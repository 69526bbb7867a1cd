"""Strong cues of Loaded_Language and Name_Calling-Labeling, and neutral news words.

The paragraph model misses blatant wording ("les forces d'occupation", "une agression
lâche", "l'Oncle Sam") and the learnt span lexicons like plain news words that merely sit
next to loaded ones ("roquettes", "victime"). The hand-written per-language files
``models/spans/strong_cues_<lang>.toml`` (never learnt from a corpus) list:

* strong cues with a 0–1 weight: expressions that are loaded or labels on their own;
* neutral words: never a Loaded_Language / Name_Calling highlight by themselves.

Entities whose registry name has a pejorative register (layer ``entities``, attrs
``register`` = ``pejorative``: "les Ricains", "le Grand Satan", "l'entité sioniste") are
Name_Calling-Labeling evidence too (:func:`nickname_hits`); neutral nicknames ("l'Hexagone",
"l'Oncle Sam") are not.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .spans import SpanHit, Token, is_midsentence_capital, normalise_token, tokenize

log = logging.getLogger(__name__)

STRONG_TECHNIQUES: tuple[str, ...] = ("Loaded_Language", "Name_Calling-Labeling")
NICKNAME_WEIGHT = 1.0
ANY_WORD = "*"
CAPITALISED_WORD = "^"
# An elided article just before a nickname belongs to it ("l'Oncle Sam").
_ELIDED_ARTICLE = re.compile(r"(?:^|(?<=\W))([lL]['’])$")


@dataclass(frozen=True)
class StrongCues:
    """The strong cues of one language: ``{technique: [(pattern tokens, weight)]}``."""

    language: str
    cues: dict[str, list[tuple[tuple[str, ...], float]]]
    neutral: frozenset[str]


@dataclass(frozen=True)
class CueHit:
    """One strong-cue match: article offsets, technique, 0–1 weight, the cue that fired."""

    start: int
    end: int
    technique: str
    weight: float
    cue: str


def _pattern(cue: str) -> tuple[str, ...]:
    words = []
    for raw in cue.split():
        if raw in (ANY_WORD, CAPITALISED_WORD):
            words.append(raw)
        else:
            words.extend(t.norm for t in tokenize(raw))
    return tuple(words)


@cache
def load_strong_cues(language: str) -> StrongCues | None:
    """The strong cues of ``language`` (None when no ``strong_cues_<lang>.toml`` ships)."""
    res = resources.files("unspin.models.spans").joinpath(f"strong_cues_{language}.toml")
    if not res.is_file():
        return None
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    cues: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for technique in STRONG_TECHNIQUES:
        table = data.get(technique, {}).get("cues", {})
        entries = []
        for cue, weight in table.items():
            pattern = _pattern(str(cue))
            if not pattern or all(w in (ANY_WORD, CAPITALISED_WORD) for w in pattern):
                raise ValueError(f"strong_cues_{language}.toml [{technique}] cue {cue!r} "
                                 "has no word; write at least one word besides * and ^")
            entries.append((pattern, float(weight)))
        # Longest first, so "agression lâche" is reported rather than "lâche" alone.
        cues[technique] = sorted(entries, key=lambda e: (-len(e[0]), -e[1]))
    table = data.get("neutral", {})
    neutral = frozenset(normalise_token(w) for key in ("words", "function_words")
                        for w in table.get(key, []))
    return StrongCues(language, cues, neutral)


def _matches(text: str, tokens: Sequence[Token], k: int, pattern: tuple[str, ...]) -> bool:
    if k + len(pattern) > len(tokens):
        return False
    for word, token in zip(pattern, tokens[k : k + len(pattern)]):
        if word == CAPITALISED_WORD:
            # a name, not a sentence's first word ("The regime" is not "Assad regime")
            if not is_midsentence_capital(text, token):
                return False
        elif word != ANY_WORD and word != token.norm:
            return False
    return True


@cache
def _anchor(pattern: tuple[str, ...]) -> int:
    """Index of the first literal word of ``pattern`` (every cue has one, see loading)."""
    return next(i for i, w in enumerate(pattern) if w not in (ANY_WORD, CAPITALISED_WORD))


def find_strong_cues(text: str, start: int, end: int, cues: StrongCues,
                     techniques: Iterable[str] = STRONG_TECHNIQUES) -> list[CueHit]:
    """The strong cues in ``text[start:end]``: non-overlapping per technique, longest first."""
    tokens = tokenize(text, start, end)
    # Positions of each word, so that a cue is only tried where its first literal word
    # occurs (trying every cue at every token was most of this stage's time).
    positions: dict[str, list[int]] = {}
    for k, token in enumerate(tokens):
        positions.setdefault(token.norm, []).append(k)
    out: list[CueHit] = []
    for technique in techniques:
        taken = [False] * len(tokens)
        for pattern, weight in cues.cues.get(technique, ()):
            anchor = _anchor(pattern)
            for at in positions.get(pattern[anchor], ()):
                k = at - anchor
                if k < 0 or any(taken[k : k + len(pattern)]) \
                        or not _matches(text, tokens, k, pattern):
                    continue
                for i in range(k, k + len(pattern)):
                    taken[i] = True
                out.append(CueHit(tokens[k].start, tokens[k + len(pattern) - 1].end,
                                  technique, weight, " ".join(pattern)))
    return sorted(out, key=lambda h: (h.start, h.technique))


def nickname_hits(text: str, entities: Iterable[tuple[int, int, str]], start: int,
                  end: int) -> list[CueHit]:
    """Name_Calling-Labeling hits for pejorative entities ``(start, end, name)`` in a paragraph
    (``name``: the entity's canonical name, the evidence when the surface has no word).

    An elided article just before the nickname ("l'" of "l'Oncle Sam") joins the span.
    """
    out = []
    for s, e, name in entities:
        if s < start or e > end:
            continue
        m = _ELIDED_ARTICLE.search(text[max(start, s - 2) : s])
        if m:
            s -= len(m.group(1))
        # evidence in the same form as the cues': lowercased words ("l oncle sam")
        words = " ".join(t.norm for t in tokenize(text, s, e))
        out.append(CueHit(s, e, "Name_Calling-Labeling", NICKNAME_WEIGHT, words or name))
    return out


def is_neutral_span(text: str, start: int, end: int, neutral: frozenset[str]) -> bool:
    """True when every word of ``text[start:end]`` is a neutral news word."""
    tokens = tokenize(text, start, end)
    return bool(tokens) and all(t.norm in neutral for t in tokens)


def trim_neutral(text: str, start: int, end: int,
                 neutral: frozenset[str]) -> tuple[int, int] | None:
    """``(start, end)`` without the neutral words at its edges; None when nothing is left."""
    tokens = [t for t in tokenize(text, start, end)]
    while tokens and tokens[0].norm in neutral:
        tokens.pop(0)
    while tokens and tokens[-1].norm in neutral:
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].start, tokens[-1].end


def combine_spans(text: str, technique: str, learnt: Sequence[SpanHit],
                  strong: Sequence[CueHit], cues: StrongCues | None,
                  keep_learnt_strength: float = 0.0, neutral: str = "drop",
                  use_strong: bool = True) -> list[tuple[SpanHit, bool]]:
    """The spans to show for ``technique`` in one paragraph: ``(hit, from_strong_cue)``.

    For Loaded_Language and Name_Calling-Labeling the strong cues (``strong``, of this
    technique) come first; a learnt span overlapping one is dropped, and so are learnt spans
    weaker than ``keep_learnt_strength`` when a strong cue is there. With ``neutral`` =
    ``"drop"`` a learnt span of neutral words only is dropped; ``"trim"`` also cuts neutral
    words off the edges of the others (``"off"``: neither). Other techniques keep their learnt
    spans as they are. ``use_strong=False`` leaves the strong cues out (evaluation ablation).
    """
    if technique not in STRONG_TECHNIQUES or cues is None:
        return [(h, False) for h in learnt]
    strong = [h for h in strong if h.technique == technique] if use_strong else []
    # A cue phrase that is also a pejorative registry name ("l'entité sioniste") is one
    # span: the strongest hit on those characters stays.
    strongest: dict[tuple[int, int], CueHit] = {}
    for h in strong:
        if (h.start, h.end) not in strongest or h.weight > strongest[h.start, h.end].weight:
            strongest[h.start, h.end] = h
    strong = list(strongest.values())
    out = [(SpanHit(h.start, h.end, h.weight, (h.cue,)), True) for h in strong]
    for hit in learnt:
        if any(h.start < hit.end and hit.start < h.end for h in strong):
            continue  # the strong cue's own span already shows these words
        if strong and hit.strength < keep_learnt_strength:
            continue  # a strong cue is there: weak n-grams only add noise
        if neutral == "trim":
            trimmed = trim_neutral(text, hit.start, hit.end, cues.neutral)
            if trimmed is None:
                continue
            hit = SpanHit(trimmed[0], trimmed[1], hit.strength, hit.evidence)
        elif neutral == "drop" and is_neutral_span(text, hit.start, hit.end, cues.neutral):
            continue
        out.append((hit, False))
    return sorted(out, key=lambda pair: pair[0].start)
