"""The tense around a time expression: does "mardi" mean last or next Tuesday?

With a spaCy ``Doc`` that has morphology, the verb governing the expression decides
(future or conditional → future; past, imperfect or a compound past → past). Without one,
cue words of the lexicon in the same clause decide. Returns -1, 0 (unknown) or +1.
"""

from __future__ import annotations

import re
from typing import Any

from .lexicon import Lexicon

_WORD = re.compile(r"[\w'’-]+")
# A sentence or clause end; not the dots of "a.m." or "Feb. 12".
_CLAUSE_END = re.compile(r"[.!?;](?=\s+[A-ZÀ-Ý«\"“]|\s*$)|[!?;]|\n")


def _morph(token: Any, key: str) -> list[str]:
    try:
        return list(token.morph.get(key))
    except AttributeError:
        return []


# The French present conditional of -er verbs and of "être"/"faire" ("resteraient",
# "serait"): the tagger often reads it as an imperfect; no imperfect ends so (an -er verb's
# imperfect keeps its stem: "déclarait", "espérait").
_CONDITIONAL_ENDINGS = ("erait", "eraient")


def _conditional_form(group: list[Any]) -> bool:
    return any("Imp" in _morph(tok, "Tense") and tok.text.lower().endswith(_CONDITIONAL_ENDINGS)
               for tok in group)


def _verb_direction(verb: Any) -> int | None:
    """Direction of one verb with its auxiliaries, or None when the morphology is silent.

    A participle's own Tense=Past says nothing ("est prévue" is a present passive); a
    tense auxiliary ("a", "est parti", "avait") makes it a compound past.
    """
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    tense_auxiliaries = [c for c in auxiliaries if c.dep_ in ("aux", "aux:tense")]
    participle = "Part" in _morph(verb, "VerbForm")
    group = auxiliaries + ([] if participle else [verb])
    tenses = {t for tok in group for t in _morph(tok, "Tense")}
    moods = {m for tok in group for m in _morph(tok, "Mood")}
    if participle and tense_auxiliaries:
        # A compound tense: past unless its auxiliary is future ("aura quitté"). The
        # compound conditional ("auraient été tirées mardi") is the press's unconfirmed
        # past, not a future.
        aux_tenses = {t for tok in tense_auxiliaries for t in _morph(tok, "Tense")}
        return 1 if "Fut" in aux_tenses else -1
    if "Fut" in tenses or "Cnd" in moods or _conditional_form(group):
        return 1
    if "Past" in tenses or "Imp" in tenses:
        return -1
    if "Pres" in tenses:
        return 0
    return None


def direction_from_doc(doc: Any, start: int, end: int) -> int | None:
    """The tense direction of the verb governing the span, or None if the Doc cannot tell."""
    if doc is None or not getattr(doc, "has_annotation", lambda _: False)("MORPH"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    seen = 0
    # Climb to the governing finite verb; infinitives ("devra attendre") defer to theirs.
    while seen < 8:
        seen += 1
        if token.pos_ in ("VERB", "AUX"):
            direction = _verb_direction(token)
            if direction is not None and "Inf" not in _morph(token, "VerbForm"):
                return direction
        if token.head is token:
            break
        token = token.head
    root = span.sent.root
    if root.pos_ in ("VERB", "AUX"):
        return _verb_direction(root)
    return None


def _ends_with(word: str, suffixes: tuple[str, ...], lexicon: Lexicon) -> bool:
    return (bool(suffixes) and " " not in word and len(word) > 5 and word.endswith(suffixes)
            and word not in lexicon.suffix_exceptions)


def _participle_before(text: str, words: list[tuple[int, int, str]], start: int, lexicon: Lexicon) -> bool:
    """True when an apposed past participle stands right before the expression: "Le joueur,
    blessé dimanche, sera absent" (a noun in a notice, "Randonnée dimanche", is not one)."""
    word_start, word_end, word = words[-1]
    if (not lexicon.participle_endings or start - word_end > 1 or len(word) < 5
            or not word.endswith(lexicon.participle_endings) or word in lexicon.future_words):
        return False
    return text[max(0, word_start - 3):word_start].rstrip().endswith(",")


_INFINITIVE_INTRODUCERS = frozenset({"de", "d'", "pour", "afin", "avant", "sans", "à"})
_INFINITIVE_ENDINGS = ("er", "ir")
_LOCUTION_INFINITIVES = frozenset({"partir", "venir"})  # "à partir du mois de juin", "à venir"


def _infinitive_governs(words: list[tuple[int, int, str]], lexicon: Lexicon) -> bool:
    """True when, going left from the expression, an infinitive introduced by "de", "pour",
    "avant de"… comes before any tense cue: "avant de quitter ses fonctions le 30 octobre,
    le général l'a rappelé" (the infinitive's time is relative to the main verb, not to now)."""
    for index in range(len(words) - 1, -1, -1):
        word = words[index][2]
        if (word in lexicon.future_words or word in lexicon.past_words
                or _ends_with(word, lexicon.future_suffixes, lexicon) or _ends_with(word, lexicon.past_suffixes, lexicon)):
            return False
        bare = word.removeprefix("d'")
        before = words[index - 1][2] if index > 0 else ""
        introduced = word.startswith("d'") or before in _INFINITIVE_INTRODUCERS
        if before == "à" and bare in _LOCUTION_INFINITIVES:
            continue
        if (introduced and len(bare) > 4 and bare.endswith(_INFINITIVE_ENDINGS)
                and lexicon.lookup("months", bare) is None and bare not in lexicon.past and bare not in lexicon.next):
            return True
    return False


def direction_from_cues(text: str, start: int, end: int, lexicon: Lexicon) -> int:
    """The tense direction guessed from the words of the clause around ``[start, end)``."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    right_match = _CLAUSE_END.search(text, end, end + 200)
    right = right_match.start() if right_match else min(len(text), end + 200)
    # The cue nearest the expression wins ("said he would travel next Friday"), counted in
    # characters between the cue and the expression; cues may be two words ("a lieu"),
    # which win over their first word alone.
    words = [(left + m.start(), left + m.end(), m.group().lower().replace("’", "'"))
             for m in _WORD.finditer(text[left:start])]
    if words and _participle_before(text, words, start, lexicon):
        return -1
    if _infinitive_governs(words, lexicon):
        return 0
    words += [(end + m.start(), end + m.end(), m.group().lower()) for m in _WORD.finditer(text[end:right])]
    scored = []
    for index, (word_start, word_end, word) in enumerate(words):
        distance = start - word_end if word_start < start else word_start - end
        scored.append((distance, 0, word))
        if index:
            previous_start, previous_end, previous = words[index - 1]
            first = start - previous_end if previous_start < start else previous_start - end
            scored.append((min(distance, first), -1, f"{previous} {word}"))
    for _, _, word in sorted(scored):
        if word in lexicon.future_words or _ends_with(word, lexicon.future_suffixes, lexicon):
            return 1
        if word in lexicon.past_words or _ends_with(word, lexicon.past_suffixes, lexicon):
            return -1
    return 0


def deadline_before(text: str, start: int, lexicon: Lexicon) -> bool:
    """True when a deadline word ("d'ici", "by") stands right before the expression:
    "d'ici le 1er mars" is ahead whatever the tense of the sentence."""
    if not lexicon.deadline_words:
        return False
    before = text[max(0, start - 24):start].lower().replace("’", "'")
    return any(re.search(rf"(?:^|[\s(]){re.escape(word)}\s*$", before) for word in lexicon.deadline_words)


def tense_direction(text: str, start: int, end: int, lexicon: Lexicon, doc: Any = None) -> int:
    """-1 (past), +1 (future) or 0 for the expression at ``[start, end)``."""
    if deadline_before(text, start, lexicon):
        return 1
    direction = direction_from_doc(doc, start, end)
    if direction:
        return direction
    # A present tense (or no parse) leaves it to the words of the clause: a programme or
    # an announcement ("rendez-vous", "se rend", "a lieu") is ahead.
    return direction_from_cues(text, start, end, lexicon)
