"""Per-language cue lexicons for attribution, hedging and claim detection.

Each language has a TOML file in ``unspin/data/attribution``; this module loads it once per
process and compiles the regular expressions the stages share. A language without a file
falls back to English cues (with a warning), so no article is left unprocessed.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

APOSTROPHES = "'’"
FALLBACK_LANGUAGE = "en"


def phrase_pattern(phrase: str) -> str:
    """A regex fragment for ``phrase``: spaces match any whitespace, apostrophes any kind."""
    parts = []
    for ch in phrase:
        if ch in APOSTROPHES:
            parts.append("['’]")
        elif ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


# Scraped text often loses its accents ("Evidemment", "A l'evidence", "bien sur"): cues
# matched with ``folded=True`` accept each accented letter with or without its accent.
_ACCENT_CLASSES = {
    "à": "[àa]", "â": "[âa]", "ä": "[äa]", "é": "[ée]", "è": "[èe]", "ê": "[êe]", "ë": "[ëe]",
    "î": "[îi]", "ï": "[ïi]", "ô": "[ôo]", "ö": "[öo]", "û": "[ûu]", "ù": "[ùu]", "ü": "[üu]",
    "ç": "[çc]", "œ": "(?:œ|oe)",
}


def fold_accents(text: str) -> str:
    """``text`` without its accents ("Évidemment" → "Evidemment", "sûr" → "sur")."""
    out = []
    for ch in text:
        cls = _ACCENT_CLASSES.get(ch.lower())
        if cls is None:
            out.append(ch)
        else:
            plain = "oe" if ch.lower() == "œ" else cls[-2]
            out.append(plain.upper() if ch.isupper() else plain)
    return "".join(out)


def folded_pattern(phrase: str) -> str:
    """Like :func:`phrase_pattern`, but each accented letter also matches its bare form."""
    # re.escape leaves letters alone, so every accented letter is a literal character.
    return "".join(_ACCENT_CLASSES.get(c.lower(), c) for c in phrase_pattern(phrase))


def _char_pattern(ch: str) -> str:
    if ch in APOSTROPHES:
        return "['’]"
    return r"\s+" if ch == " " else re.escape(ch)


def alternation(phrases: list[str]) -> str:
    """One regex alternation of ``phrases``, longer cues winning over their prefixes.

    Built as a trie ("dis(?:ent|ait)?"), so that the engine branches on one character at
    each step instead of trying a thousand reporting verbs one after the other at every
    word: the same matches, at a cost that no longer grows with the lexicon."""
    trie: dict[str, Any] = {}
    for phrase in {p for p in phrases if p}:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return r"(?!x)x"

    def emit(node: dict[str, Any]) -> str:
        branches = [_char_pattern(ch) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A phrase may end here: the longer ones are tried first (greedy ``?``).
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def word_regex(phrases: list[str], folded: bool = False,
               accent_required: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """Match any of ``phrases`` as whole words, case-insensitively; with ``folded``, also
    written without accents, except the ``accent_required`` ones, whose bare form is another
    expression ("bien sur le terrain") and counts only before a comma ("Bien sur, …")."""
    if not folded:
        return re.compile(rf"(?<![\w-])(?:{alternation(phrases)})(?![\w-])", re.IGNORECASE)
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    alternatives = []
    for p in ordered:
        if p.lower() in accent_required:
            alternatives.append(rf"{phrase_pattern(p)}|{phrase_pattern(fold_accents(p))}"
                                r"(?=[\s\u00a0\u202f]*,)")
        else:
            alternatives.append(folded_pattern(p))
    body = "|".join(alternatives) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def er_verb_forms(lemma: str) -> list[str]:
    """Inflected forms of a regular French -er verb used in reporting ("déclarer" → …)."""
    if not lemma.endswith("er"):
        return [lemma]
    stem = lemma[:-2]
    # Before a/o the stem keeps its sound: annonc → annonç, jug → juge.
    hard = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    forms = [stem + "é", stem + "e", stem + "ent", hard + "ait", hard + "aient", hard + "a",
             stem + "èrent", stem + "era", hard + "ant"]
    i = stem.rfind("é")
    if i >= len(stem) - 3 and i >= 0:  # répéter → répète, réitérer → réitère
        grave = stem[:i] + "è" + stem[i + 1:]
        forms += [grave + "e", grave + "ent"]
    if stem.endswith(("el", "et")):  # rappeler → rappelle; marteler → martèle
        forms += [stem + stem[-1] + "e", stem + stem[-1] + "ent",
                  stem[:-2] + "è" + stem[-1] + "e", stem[:-2] + "è" + stem[-1] + "ent"]
    return forms


def imperfects(present: str) -> list[str]:
    """The imperfect of a French -er verb's present third person ("lance" → "lançait",
    "lançaient"; "s'interroge" → "s'interrogeait"): news tells reactions in the imperfect
    too ("», lançait un étudiant")."""
    if " " in present or not present.endswith("e") or present.endswith(("ée", "ue")):
        return []
    stem = present[:-1]
    hard = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    return [hard + "ait", hard + "aient"]


@dataclass
class Lexicon:
    """The cues of one language, raw (``data``) and compiled into regexes."""

    language: str
    data: dict[str, Any] = field(repr=False)

    def words(self, table: str, key: str) -> list[str]:
        """The list ``key`` of table ``table`` (empty when absent)."""
        return [str(w) for w in self.data.get(table, {}).get(key, [])]

    def __post_init__(self) -> None:
        speech = self.data.get("speech", {})
        verbs: list[str] = list(self.words("speech", "forms"))
        for lemma in speech.get("er_verbs", []):
            verbs.extend(er_verb_forms(str(lemma)))
        self.speech_verbs = sorted(set(verbs), key=len, reverse=True)
        # French past participles: a reporting verb only after an auxiliary ("a confirmé"),
        # an adjective otherwise ("le président nouvellement confirmé").
        self.participles = {str(w).lower() for w in speech.get("participles", [])}
        self.participles |= {str(lemma)[:-2] + "é" for lemma in speech.get("er_verbs", [])
                             if str(lemma).endswith("er")}
        self.subordinator_re = word_regex(self.words("speech", "subordinators"))
        self.bad_subject_re = re.compile(
            rf"^(?:{alternation(self.words('speech', 'not_subjects'))})(?![\w-])",
            re.IGNORECASE)
        aux = alternation(self.words("speech", "auxiliaries"))
        pron = alternation(self.words("speech", "subject_pronouns"))
        inserts = alternation(self.words("speech", "inserts"))
        verb = alternation(self.speech_verbs)
        # A reporting verb group: "a déclaré", "a également déclaré", "a-t-il ajouté",
        # "affirme-t-elle", "has said", "said". Group "pron" holds an inverted pronoun.
        self.cue_re = re.compile(
            rf"(?<![\w-])(?:(?:{aux})(?:-t)?-(?P<pron1>{pron})\s+(?:(?:{inserts})\s+)*"
            rf"|(?:{aux})\s+(?:(?:{inserts})\s+)*)?"
            rf"(?P<verb>{verb})(?:-t)?(?:-(?P<pron2>{pron}))?(?![\w])",
            re.IGNORECASE,
        )
        # Verbs that report speech only in an inverted incise right after a quotation
        # ("», observe un chercheur", "”, he quipped").
        incise_forms = self.words("speech", "incise_forms")
        incise = alternation(incise_forms + [f for w in incise_forms for f in imperfects(w)])
        self.incise_re = re.compile(
            rf"(?<![\w-])(?:(?:{aux})(?:-t)?-(?P<pron1>{pron})\s+|(?:{aux})\s+)?"
            rf"(?P<verb>{incise})(?:-t)?(?:-(?P<pron2>{pron}))?(?![\w])", re.IGNORECASE)
        self.complementizer_re = re.compile(
            rf"^\s*(?:{alternation(self.words('speech', 'complementizers'))})"
            r"(?:(?<=['’])|(?![\w]))",
            re.IGNORECASE,
        )
        self.preposition_re = word_regex(self.words("attribution", "prepositions"))
        pron_preps = alternation(self.words("attribution", "pronoun_prepositions"))
        indefinites = alternation(self.words("sources", "indefinite_determiners"))
        groups = alternation(self.words("sources", "anonymous_heads")
                             + [w + "s" for w in self.words("sources", "person_titles")])
        pron_words = alternation(self.words("sources", "pronouns"))
        # "Pour lui, …": a preposition that attributes only when a pronoun follows.
        titles = alternation(self.words("sources", "person_titles"))
        # Case matters for the names (two capitalised words), not for the cue words.
        self.pronoun_preposition_re = re.compile(
            rf"(?<![\w-])(?i:{pron_preps})(?=\s+(?:(?i:{pron_words})\s*,"
            rf"|(?i:le|la|l['’]|the)\s*(?:[\w-]+\s+)?(?i:{titles})\b[^,.;:!?«»]{{0,80}},"
            rf"|[A-ZÀ-Ý][\w'’-]+\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?\s*,"
            # "Pour certains analystes, …", "For many observers, …"
            rf"|(?i:{indefinites})\s+(?:[\w-]+\s+)?(?i:{groups})\b[^,.;:!?«»]{{0,60}},))")
        self.anonymous_prepositions = {
            re.sub(r"\s+", " ", w.lower()) for w in self.words("attribution",
                                                              "anonymous_prepositions")}
        self.impersonal_pronouns = {w.lower() for w in self.words("sources",
                                                                 "impersonal_pronouns")}
        self.not_attribution_re = word_regex(self.words("attribution", "not_attribution"))
        self.anonymity_re = word_regex(self.words("sources", "anonymity_markers"))
        # Outlets are proper names: "Libération" is a newspaper, "Front de libération" not.
        names = sorted(set(self.words("sources", "media_names")), key=len, reverse=True)
        self.media_name_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(_capitalised(n) for n in names) + r")(?![\w-])"
            if names else r"(?!x)x", re.IGNORECASE)
        self.media_head_re = word_regex(self.words("sources", "media_heads"))
        self.document_head_re = word_regex(self.words("sources", "document_heads"))
        self.person_title_re = word_regex(self.words("sources", "person_titles"))
        self.organisation_re = word_regex(self.words("sources", "organisation_words"))
        self.anonymous_head_re = word_regex(self.words("sources", "anonymous_heads"))
        self.media_collective_re = word_regex(self.words("sources", "media_collectives"))
        self.self_reference_re = re.compile(
            rf"^[ \t]*(?P<cue>{alternation(self.words('sources', 'self_references'))})"
            r"[ \t\u00a0\u202f]*:", re.IGNORECASE | re.MULTILINE)
        self.indefinite_re = re.compile(
            rf"^(?:{alternation(self.words('sources', 'indefinite_determiners'))})(?![\w-])",
            re.IGNORECASE,
        )
        # A quotation that is a title, not speech ("son livre « … »", "l'opération « … »").
        self.title_noun_re = re.compile(
            rf"(?<![\w-])(?:{alternation(self.words('quotes', 'title_nouns'))})"
            r"[\s\u00a0\u202f]*$", re.IGNORECASE)
        # What may stand before a quotation that continues the previous sentence's speech
        # without a subject of its own ("Et d'ajouter : « … »"); a regular expression.
        partial_stems = self.words("quotes", "partial_quote_verbs")
        self.partial_verb_re = re.compile(
            rf"(?:{alternation(partial_stems)})[\w'’-]*" if partial_stems else r"(?!x)x",
            re.IGNORECASE)
        intro = str(self.data.get("quotes", {}).get("continuation_intro") or r"(?!x)x")
        self.continuation_intro_re = re.compile(intro, re.IGNORECASE)
        self.cataphoric_subject_res = [re.compile(p, re.IGNORECASE)
                                       for p in self.words("quotes", "cataphoric_subject")]
        self.cataphoric_phrase_res = [re.compile(p, re.IGNORECASE)
                                      for p in self.words("quotes", "cataphoric_phrase")]
        self.anaphoric_head_re = re.compile(
            rf"^(?:l['’]|le\s+|la\s+|the\s+|this\s+|cette\s+|ce\s+)"
            rf"(?:{alternation(self.words('quotes', 'anaphoric_heads'))})$", re.IGNORECASE)
        self.pronouns = {w.lower() for w in self.words("sources", "pronouns")}
        self.pronouns |= {w.lower() for w in self.words("speech", "subject_pronouns")}
        # The writer's sentence adverbs open a clause too ("Évidemment, Washington …").
        openers = (self.words("sources", "adverbial_openers") + self.words("certainty", "adverb")
                   + self.words("hedges", "adverb"))
        self.adverbial_openers_re = re.compile(
            rf"^(?:{alternation(openers)})(?![\w-])", re.IGNORECASE)
        self.stopper_re = word_regex(self.words("sources", "phrase_stoppers"))
        self.time_adjunct_re = word_regex(self.words("sources", "time_adjuncts"))
        suffixes = alternation(self.words("sources", "person_suffixes"))
        self.person_suffix_re = re.compile(rf"\w\w(?:{suffixes})$", re.IGNORECASE)
        self.clause_marker_re = word_regex(self.words("sources", "clause_markers"))
        self.relative_keepers = {w.lower() for w in self.words("sources", "relative_keepers")}
        self.negation = {w.lower() for w in self.words("speech", "negation_before")}
        for label in ("hedges", "certainty"):
            required = frozenset(w.lower() for w in self.words(label, "accent_required"))
            for kind in ("adverb", "verb", "phrase", "epistemic_adjective"):
                setattr(self, f"{label}_{kind}_re", word_regex(self.words(label, kind),
                                                               folded=True,
                                                               accent_required=required))
        # Assurance given by an impersonal or universal subject ("on peut être certain
        # que", "nul ne peut ignorer que"): regular expressions of the lexicon.
        self.certainty_pattern_res = [re.compile(p, re.IGNORECASE)
                                      for p in self.words("certainty", "patterns")]
        # A conclusion drawn without evidence, only at the start of a sentence and before a
        # comma ("Bref, …", "En clair, …"); "un bref communiqué" is not one.
        conclusions = self.words("certainty", "conclusions")
        self.conclusion_re = re.compile(
            rf"(?:{'|'.join(folded_pattern(c) for c in conclusions) or '(?!x)x'})"
            r"(?=[\s\u00a0\u202f]*,)", re.IGNORECASE)
        self.not_hedge_re = word_regex(self.words("hedges", "not_hedges"))
        self.hypothesis_re = word_regex(self.words("conditional", "hypothesis_openers"))
        self.non_claim_re = word_regex(self.words("claims", "non_claims"))
        self.call_res = [re.compile(p, re.IGNORECASE)
                         for p in self.words("claims", "call_patterns")]
        self.causal_re = word_regex(self.words("claims", "causal"))
        self.intention_re = word_regex(self.words("claims", "intention"))
        self.figure_word_re = word_regex(self.words("claims", "figure_words"))
        stems = alternation(self.words("claims", "event_stems"))
        self.event_re = re.compile(rf"(?<![\w-])(?:{stems})\w{{0,5}}(?![\w-])", re.IGNORECASE)

    def hedge_res(self) -> list[tuple[str, str, re.Pattern[str]]]:
        """(label, kind, regex) for every lexical hedge and certainty cue, phrases first."""
        out = []
        for kind in ("phrase", "verb", "adverb", "epistemic_adjective"):
            for label in ("certainty", "hedges"):
                out.append(("hedge" if label == "hedges" else "certainty", kind,
                            getattr(self, f"{label}_{kind}_re")))
        return out


def _capitalised(name: str) -> str:
    """A pattern for ``name`` whose first letter must be a capital (the rest in any case)."""
    first = name[:1]
    if not first.isalpha():
        return phrase_pattern(name)
    return f"(?-i:[{re.escape(first.upper())}])" + phrase_pattern(name[1:])


@cache
def load_lexicon(language: str | None) -> Lexicon:
    """The lexicon of ``language`` (ISO 639-1); English cues when the language has none."""
    lang = (language or FALLBACK_LANGUAGE).lower()[:2]
    folder = resources.files("unspin").joinpath("data", "who_says_so")
    path = folder.joinpath(f"{lang}.toml")
    if not path.is_file():
        log.warning("no attribution cues for language %r; using %r cues (add "
                    "unspin/data/who_says_so/%s.toml to support it)", lang,
                    FALLBACK_LANGUAGE, lang)
        lang = FALLBACK_LANGUAGE
        path = folder.joinpath(f"{lang}.toml")
    return Lexicon(lang, tomllib.loads(path.read_text(encoding="utf-8")))
