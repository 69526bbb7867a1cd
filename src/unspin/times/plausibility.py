"""Context checks that patterns cannot express: ages are not durations, "a été" is not
the summer, "le quotidien" is a newspaper, "Mars" a planet, "Noël Mamère" a person.

One small check per pattern kind; the word lists come from the language's lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lexicon import Lexicon, normalise_word
from .recognise import Candidate, at_sentence_start, previous_word

_AGE_BRACKET = re.compile(r"(?:\d\s*[-–]|\b(?:de|les|des)\s+\d+\s+à)\s*$")
_APPOSITION_BEFORE = re.compile(r"(?:^|[,(])$")
_APPOSITION_AFTER = re.compile(r"\s*[,)]")
_NOT_AGE_AFTER = re.compile(r"\s+(?:de|d'|ferme|plus|avec)\b")
_IDIOM_BEFORE_ANAPHORIC = re.compile(r"\b(?:du\s+jour|overnight)\s*$", re.IGNORECASE)
_CAPITALISED_NEXT = re.compile(r"\s+[A-ZÉÈ]")
_YEAR_UNITS = ("an", "ans", "année", "années", "year", "years")
# Units of a young child's age: "un bébé de trois mois", "un nourrisson de six semaines".
_YOUNG_AGE_UNITS = ("mois", "semaine", "semaines", "jour", "jours", "month", "months", "weeks", "days")
_DEFINITE_PLURALS = ("les", "aux", "des", "the")


def is_age(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """True when a number of years is somebody's age ("âgé de 45 ans", "Jean, 45 ans,")."""
    unit = normalise_word(cand.group("unit") or "")
    if unit in _YOUNG_AGE_UNITS:
        before_count = text[max(0, cand.start - 40):cand.start].rstrip()
        if not before_count.lower().endswith((" de", " d'")):
            return False
        return previous_word(before_count, len(before_count) - 2) in lexicon.age_nouns  # "de", "d'"
    if unit not in _YEAR_UNITS:
        return False
    number = cand.span_of("num") or cand.span_of("approxnum")
    number_start = number[0] if number else cand.start
    if _AGE_BRACKET.search(text[max(0, number_start - 12):number_start]):
        return True  # an age bracket: "les 6-16 ans"
    if number_start > cand.start and normalise_word(text[cand.start:number_start]) in lexicon.indefinite_one:
        number_start = cand.start  # "d'une trentaine d'années": the cue precedes "une"
    before = text[max(0, number_start - 40):number_start].lower().rstrip()
    after = text[cand.end:cand.end + 12]
    if _APPOSITION_BEFORE.search(before) and _APPOSITION_AFTER.match(after):
        return True
    if re.match(r"\s*-?old\b", after):
        return True
    for cue in lexicon.age_before:
        if not (before.endswith((" " + cue, "'" + cue)) or before == cue):
            continue
        head = previous_word(before, len(before) - len(cue))
        if cue in ("de", "d'"):
            # "un homme de 45 ans" is an age, "une peine de cinq ans" a duration.
            return head not in lexicon.duration_heads and head.isalpha()
        if cue in ("à", "a"):
            # "à 45 ans, il..." and "il a 45 ans" are ages; "condamné à deux ans de prison",
            # "d'ici à dix ans" and "il y a dix ans" are not.
            if _NOT_AGE_AFTER.match(text[cand.end:cand.end + 10]):
                return False
            return head not in ("ici", "d'ici", "jusqu'", "jusqu'à", "jusque", "y")
        return True
    return False


def named_count(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """True for a count that names something: "les 35 heures" (a policy), "les 24 Heures du
    Mans" (a race: a capitalised unit inside a sentence)."""
    unit = cand.group("unit") or ""
    if unit[:1].isupper() and not at_sentence_start(text, cand.start):
        return True
    phrase = normalise_word(re.sub(r"\s+", " ", text[cand.start:cand.end]))
    return phrase in lexicon.named_counts and previous_word(text, cand.start) in _DEFINITE_PLURALS


def _duration(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    if is_age(text, cand, lexicon) or named_count(text, cand, lexicon) or programme_name(text, cand, lexicon):
        return False
    # "mourir un jour" (some day) is no duration; "pendant un jour" is.
    return not (normalise_word(cand.group("num") or "") in lexicon.indefinite_one
                and normalise_word(cand.group("unit") or "") in lexicon.someday_units
                and not cand.group("mod")
                and previous_word(text, cand.start) not in lexicon.vague_des_after)


def _season(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    intro = normalise_word(cand.group("intro") or "")
    before = previous_word(text, cand.match.start())
    if intro == "d'" and before in lexicon.season_noun_guards:
        return False  # "les Jeux d'hiver"
    if normalise_word(cand.group("season") or "") not in lexicon.participle_seasons:
        return True
    if before in lexicon.participle_guards:
        return False  # "il a été", "ont déjà été"
    word_start = cand.span_of("season")[0]  # type: ignore[index]
    introduced = intro or word_start > cand.start or cand.group("year") or cand.group("rel")
    return bool(introduced or text[word_start].isupper() or at_sentence_start(text, cand.start))


def _vague_duration(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    # "depuis des années" is a duration, "des heures scolaires" is not.
    return (normalise_word(cand.group("vague") or "") != normalise_word(lexicon.indefinite_plural)
            or previous_word(text, cand.start) in lexicon.vague_des_after)


def _frequency(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    before = previous_word(text, cand.start)
    return before not in lexicon.determiners and before not in lexicon.frequency_noun_guards


def _anaphoric(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    # "du jour au lendemain" is an idiom, not a date.
    return not _IDIOM_BEFORE_ANAPHORIC.search(text[max(0, cand.start - 12):cand.start])


def _month(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    word = cand.group("month") or ""
    bare = (not (cand.group("year") or cand.group("mod") or cand.group("rel"))
            and cand.span_of("month") == (cand.start, cand.end))
    if not lexicon.lowercase_months and word[:1].islower():
        return False  # English months are capitalised: "they may", "to march"
    if cand.group("year"):
        return True
    if bare and lexicon.lowercase_months and word[:1].isupper() and not at_sentence_start(text, cand.start):
        return False  # "Mars" the planet or a brand, "Mai" a first name
    # Months that are also common words ("mars", "May") need a cue before them.
    month_start = cand.span_of("month")[0]  # type: ignore[index]
    return (normalise_word(word) not in lexicon.ambiguous_months
            or lexicon.lookup("modifiers", cand.group("mod")) in ("START", "MID", "END")
            or previous_word(text, month_start) in lexicon.month_cues
            or previous_word(text, cand.start) in lexicon.month_cues)


def programme_name(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """True for "le journal de 20 heures": the hour names a programme."""
    before = previous_word(text, cand.start)
    if before not in ("de", "d'"):
        return False
    head_end = text.rfind(before, max(0, cand.start - 20), cand.start)
    return head_end >= 0 and previous_word(text, head_end) in lexicon.clock_name_heads


def _time(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    return not (named_count(text, cand, lexicon) or programme_name(text, cand, lexicon))


def _weekday(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """"le Journal du dimanche" is a title: "du" + weekday after a capitalised word."""
    if previous_word(text, cand.start) != "du":
        return True
    du_start = text.rfind("du", max(0, cand.start - 6), cand.start)
    head = re.search(r"(\w+)\W*$", text[max(0, du_start - 30):du_start])
    if head is None or not head.group(1)[:1].isupper():
        return True
    return at_sentence_start(text, du_start - len(head.group(0)))


def _deictic(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    word = cand.group("deictic") or ""
    return not (word[:1].isupper() and not at_sentence_start(text, cand.start))  # "USA Today"


def _holiday(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    name = cand.group("holiday") or ""
    if not any(ch.isupper() for ch in name) and normalise_word(name) not in lexicon.lowercase_holidays:
        return False  # "l'ascension du col": holiday names are capitalised
    if _CAPITALISED_NEXT.match(text[cand.end:cand.end + 3]):
        return False  # "Noël Mamère"
    return previous_word(text, cand.start) not in ("père", "father")  # "le père Noël"


def _named_time(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    word = cand.group("namedtime") or ""
    return not (word[:1].isupper() and not at_sentence_start(text, cand.start))  # "le Midi"


def _reference(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    # "en maintenant" is the gerund of "maintenir".
    return not (previous_word(text, cand.start) == "en"
                and normalise_word(cand.group("reference") or "") == "maintenant")


def _set(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    if not cand.match.group(0).lower().startswith(("par", "per", "a ")):
        return True
    unit = normalise_word(cand.group("unit") or "")
    return not unit.endswith("s") or unit in ("mois", "hours")  # "par jour", not "par jours"


CHECKS: dict[str, Callable[[str, Candidate, Lexicon], bool]] = {
    "duration": _duration,
    "season": _season,
    "vague_duration": _vague_duration,
    "frequency": _frequency,
    "anaphoric": _anaphoric,
    "month": _month,
    "holiday": _holiday,
    "deictic": _deictic,
    "named_time": _named_time,
    "reference": _reference,
    "set": _set,
    "time": _time,
    "weekday": _weekday,
}


def plausible(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """False when the context shows the match is not a time expression."""
    check = CHECKS.get(cand.kind)
    return check is None or check(text, cand, lexicon)
