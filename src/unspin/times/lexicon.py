"""Per-language time lexicons: word lists and the patterns built from them.

A lexicon file (``unspin/data/times/<lang>.toml``) holds word → value tables (months,
weekdays, units, number words, modifiers…) and a list of patterns. A pattern is a Python
regex where ``{name}`` expands to a named group matching any word of table ``name`` and
``{~name}`` to the same alternation without a group (for look-aheads). Everything is
compiled once, when the lexicon is loaded.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..month_names import full_month_names, month_abbreviations
from .first_chars import FirstChars, first_chars

# Placeholder name -> lexicon table name (tables map normalised words to values).
_TABLES = {
    "month": "months",
    "weekday": "weekdays",
    "season": "seasons",
    "daypart": "dayparts",
    "deictic": "deictic_days",
    "anaphoric": "anaphoric_days",
    "namedtime": "named_times",
    "calunit": "calendar_units",
    "unit": "units",
    "durnoun": "duration_nouns",
    "mod": "modifiers",
    "reference": "references",
    "freqword": "frequency_words",
    "approxnum": "approximate_numbers",
    "holiday": "holidays",
    "ordinal": "ordinals",
}

# Where a pattern may start: a word boundary that also refuses a word and hyphen before, so
# "midi" is not found in "après-midi" (but "18 h" is in "14 h-18 h"); or on punctuation.
PATTERN_START = r"(?:(?<![\w])(?<![^\W\dh]-)(?<![^\W\d]h-)|(?=[^\w\s]))"
PATTERN_FLAGS = re.IGNORECASE | re.MULTILINE
_PLACEHOLDER = re.compile(r"\{(~?)([a-z]+)\}")


def normalise_word(text: str) -> str:
    """The lookup key of a matched word or phrase: lower case, single spaces, straight '."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _alternation(words: list[str]) -> str:
    # Longest first so that "après-midi" wins over "midi"; spaces match any whitespace.
    parts = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)]
    return "|".join(parts)


@dataclass
class Pattern:
    """One compiled recognition pattern and the normaliser (``kind``) that interprets it."""

    kind: str
    regex: re.Pattern[str]
    order: int
    # What a match can start with (None: unknown, try the pattern at every start).
    first: FirstChars | None = None


@dataclass
class Lexicon:
    """The words and patterns of one language."""

    language: str
    tables: dict[str, dict[str, Any]]
    numbers: dict[str, int]
    past: frozenset[str]
    next: frozenset[str]
    this: frozenset[str]
    vague: frozenset[str]
    future_words: frozenset[str]
    future_suffixes: tuple[str, ...]
    past_words: frozenset[str]
    deadline_words: tuple[str, ...]
    determiners: frozenset[str]
    age_before: tuple[str, ...]
    age_nouns: frozenset[str]
    participle_guards: frozenset[str]
    vague_des_after: frozenset[str]
    season_noun_guards: frozenset[str]
    duration_heads: frozenset[str]
    indefinite_one: frozenset[str]
    someday_units: frozenset[str]
    anaphoric_relatives: frozenset[str]
    participle_seasons: frozenset[str]
    indefinite_plural: str
    frequency_noun_guards: frozenset[str]
    lowercase_months: bool
    ambiguous_months: frozenset[str]
    month_cues: frozenset[str]
    lowercase_holidays: frozenset[str]
    clock_duration_after: frozenset[str]
    across_modifiers: frozenset[str]
    more_than_after: frozenset[str]
    patterns: list[Pattern] = field(default_factory=list)
    triggers: frozenset[str] = frozenset()
    past_suffixes: tuple[str, ...] = ()  # imperfect endings ("-aient")
    suffix_exceptions: frozenset[str] = frozenset()  # words with those endings that are no verbs
    participle_endings: tuple[str, ...] = ()  # "blessé dimanche": a past event
    # +1 when a weekday in a clause with no tense cue is ahead (French tells the past in
    # compound tenses the cues know); 0 keeps the most recent one (English simple pasts).
    undirected_weekday: int = 0
    named_counts: frozenset[str] = frozenset()  # "les 35 heures": a policy, not a duration
    clock_name_heads: frozenset[str] = frozenset()  # "le journal de 20 heures": a programme

    def lookup(self, table: str, text: str | None) -> Any:
        """The value of ``text`` in ``table`` (None when absent or ``text`` is None)."""
        if text is None:
            return None
        return self.tables[table].get(normalise_word(text))

    def relation(self, word: str | None) -> int:
        """-1 for "dernier", +1 for "prochain", 0 for none."""
        if not word:
            return 0
        key = normalise_word(word)
        return -1 if key in self.past else 1 if key in self.next else 0


def _placeholder_regex(name: str, data: dict[str, Any]) -> str:
    if name in _TABLES:
        return _alternation(list(data[_TABLES[name]]))
    if name == "num":
        words = _alternation(list(data["numbers"]))
        word = rf"(?:{words})"
        return rf"\d+(?:[,.]\d+)?|{word}(?:(?:-|\s+)(?:et(?:-|\s+))?{word})*"
    if name == "rel":
        rel = data["relatives"]
        return _alternation(rel["past"] + rel["next"])
    if name == "this":
        return _alternation(data["relatives"]["this"])
    if name == "vague":
        return _alternation(data["vague_quantities"])
    if name == "day":
        suffixes = "|".join(re.escape(s) for s in data.get("day_suffixes", []))
        ordinal = f"(?:{suffixes})?" if suffixes else ""
        first = "|".join(re.escape(w) for w in data.get("first_day_words", []))
        first_alt = f"|{first}" if first else ""
        return rf"(?:3[01]|[12]\d|0?[1-9]){ordinal}(?!\d){first_alt}"
    if name == "hour":
        return r"2[0-4]|[01]?\d"
    if name == "minute":
        return r"[0-5]\d"
    raise ConfigError(
        f"unknown placeholder {{{name}}} in a timex pattern; use one of: "
        f"{', '.join(sorted(list(_TABLES) + ['num', 'rel', 'this', 'vague', 'day', 'hour', 'minute']))}"
    )


def _expand(template: str, data: dict[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        bare, name = match.group(1), match.group(2)
        body = _placeholder_regex(name, data)
        return f"(?:{body})" if bare else f"(?P<{name}>{body})"

    return _PLACEHOLDER.sub(replace, template)


def _words(words: list[str]) -> frozenset[str]:
    return frozenset(normalise_word(w) for w in words)


def _normalised_table(table: dict[str, Any]) -> dict[str, Any]:
    return {normalise_word(k): v for k, v in table.items()}


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed TOML of a lexicon file."""
    tables = {t: _normalised_table(data.get(t, {})) for t in _TABLES.values()}
    tables["numbers"] = _normalised_table(data.get("numbers", {}))
    rel = data["relatives"]
    tense = data.get("tense", {})
    age = data.get("age", {})
    durations = data.get("durations", {})
    guards = data.get("guards", {})
    patterns = []
    for order, spec in enumerate(data.get("pattern", [])):
        source = _expand(spec["regex"], data)
        wrapped = rf"{PATTERN_START}(?:{source})(?!\w|-[^\W\d])"
        try:
            compiled = re.compile(wrapped, PATTERN_FLAGS)
        except re.error as exc:
            raise ConfigError(
                f"timex pattern #{order + 1} ({spec['kind']}) of language "
                f"{data.get('language')!r} does not compile: {exc}; fix its regex"
            ) from None
        patterns.append(Pattern(spec["kind"], compiled, order,
                                first_chars(source, PATTERN_FLAGS)))
    return Lexicon(
        language=str(data.get("language", "")),
        tables=tables,
        numbers=_normalised_table(data.get("numbers", {})),
        past=frozenset(normalise_word(w) for w in rel["past"]),
        next=frozenset(normalise_word(w) for w in rel["next"]),
        this=frozenset(normalise_word(w) for w in rel["this"]),
        vague=frozenset(normalise_word(w) for w in data.get("vague_quantities", [])),
        future_words=frozenset(normalise_word(w) for w in tense.get("future_words", [])),
        future_suffixes=tuple(tense.get("future_suffixes", [])),
        past_words=frozenset(normalise_word(w) for w in tense.get("past_words", []))
        | {normalise_word(f"{aux} {participle}") for aux in tense.get("etre_auxiliaries", [])
           for participle in tense.get("etre_participles", [])},
        deadline_words=tuple(w.lower().replace("’", "'") for w in tense.get("deadline_words", [])),
        determiners=frozenset(normalise_word(w) for w in data.get("determiners", [])),
        age_before=tuple(age.get("before", [])),
        age_nouns=frozenset(normalise_word(w) for w in age.get("nouns", [])),
        participle_guards=frozenset(normalise_word(w) for w in data.get("participle_guards", [])),
        vague_des_after=frozenset(normalise_word(w) for w in durations.get("vague_des_after", [])),
        season_noun_guards=frozenset(normalise_word(w) for w in durations.get("season_noun_guards", [])),
        duration_heads=frozenset(normalise_word(w) for w in durations.get("duration_heads", [])),
        indefinite_one=frozenset(normalise_word(w) for w in durations.get("indefinite_one", [])),
        someday_units=frozenset(normalise_word(w) for w in durations.get("someday_units", [])),
        anaphoric_relatives=frozenset(normalise_word(w) for w in rel.get("anaphoric", [])),
        participle_seasons=_words(guards.get("participle_seasons", [])),
        indefinite_plural=str(durations.get("indefinite_plural", "")),
        frequency_noun_guards=_words(guards.get("frequency_noun_guards", [])),
        lowercase_months=bool(guards.get("lowercase_months", False)),
        ambiguous_months=_words(guards.get("ambiguous_months", [])),
        month_cues=_words(guards.get("month_cues", [])),
        lowercase_holidays=_words(guards.get("lowercase_holidays", [])),
        clock_duration_after=_words(durations.get("clock_duration_after", [])),
        across_modifiers=_words(durations.get("across_modifiers", [])),
        more_than_after=_words(durations.get("more_than_after", [])),
        patterns=patterns,
        past_suffixes=tuple(tense.get("past_suffixes", [])),
        suffix_exceptions=_words(tense.get("suffix_exceptions", [])),
        participle_endings=tuple(tense.get("participle_endings", [])),
        undirected_weekday=1 if tense.get("undirected_weekday") == "ahead" else 0,
        named_counts=_words(guards.get("named_counts", [])),
        clock_name_heads=_words(guards.get("clock_name_heads", [])),
        triggers=_triggers(tables, _normalised_table(data.get("numbers", {})),
                           {normalise_word(w) for w in data.get("trigger_stop_words", [])})
        | {normalise_word(w) for w in data.get("extra_triggers", [])},
    )


# Tables whose words can anchor an expression; patterns never match without one of them
# (or a digit), so text far from them is not scanned.
_TRIGGER_TABLES = ("months", "weekdays", "seasons", "dayparts", "deictic_days", "anaphoric_days",
                   "named_times", "calendar_units", "units", "duration_nouns", "references",
                   "frequency_words", "approximate_numbers", "holidays", "numbers")
_TRIGGER_SPLIT = re.compile(r"[\s'’.-]+")


def _triggers(tables: dict[str, dict[str, Any]], numbers: dict[str, int], stop: set[str]) -> frozenset[str]:
    words: set[str] = set()
    for name in _TRIGGER_TABLES:
        keys = numbers if name == "numbers" else tables.get(name, {})
        for key in keys:
            words.update(w for w in _TRIGGER_SPLIT.split(key) if len(w) > 1 and w not in stop)
    return frozenset(words)


@cache
def load_lexicon(language: str) -> Lexicon | None:
    """The packaged lexicon of ``language`` (None when the language has none)."""
    try:
        text = resources.files("unspin").joinpath(f"data/times/{language}.toml").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = tomllib.loads(text)
    # Full names and dotted abbreviations come from the shared calendar file; the lexicon's
    # own [months] table adds what only the times recogniser accepts (bare "jan", "feb").
    data["months"] = {**full_month_names(language),
                      **{f"{abbreviation}.": number
                         for abbreviation, number in month_abbreviations(language).items()},
                      **data.get("months", {})}
    return build_lexicon(data)


def available_languages() -> list[str]:
    """Languages that have a packaged time lexicon."""
    folder = resources.files("unspin").joinpath("data/times")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))
