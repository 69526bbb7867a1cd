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

import re
from dataclasses import dataclass
from typing import Any

from ..attribution.lexicon import Lexicon, load_lexicon
from ..attribution.text import Span, sentence_spans
from ..model import Annotation, Article
from ..stage import Stage
from ..stage_options import options_of

_PARTICIPLE_AFTER_RE = re.compile(
    r"\s+(?:(?:pas|jamais|déjà|également|même|ainsi|été)\s+)*[\w-]+?(?:é|ée|és|ées|i|is|ie|ies|"
    r"u|us|ue|ues|it|its|ite|ites|ert|erts|erte|ertes|int|ints|inte|intes)(?![\w-])",
    re.IGNORECASE)
_COMPOUND_AUX = {"aurait", "auraient", "serait", "seraient", "aurais", "serais"}


def lexical_hedges(text: str, lex: Lexicon) -> list[Annotation]:
    """Hedge and certainty cues from the lexicon; longer and earlier-listed kinds win."""
    out: list[Annotation] = []
    blocked = [m.span() for m in lex.not_hedge_re.finditer(text)]
    for label, kind, regex in lex.hedge_res():
        for m in regex.finditer(text):
            if any(m.start() < a.end and a.start < m.end() for a in out) or any(
                    m.start() < e and s < m.end() for s, e in blocked):
                continue
            cue = re.sub(r"\s+", " ", m.group(0).lower().replace("’", "'"))
            out.append(Annotation(m.start(), m.end(), label, {"kind": kind, "cue": cue}, "rules"))
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
    for start, end in sorted(_conditional_candidates(article, lex).items()):
        word = text[start:end].lower()
        if word in politeness or any(start < a.end and a.start < end for a in taken + out):
            continue
        if any(s <= start < e for s, e in quotes):
            continue
        sentence: Span = next(((s, e) for s, e in sentences if s <= start < e), (start, end))
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
        found = lexical_hedges(article.text, lex)
        found += conditional_hedges(article, lex, found)
        article.set_layer("hedges", found)


@dataclass(frozen=True)
class HedgesOptions:
    """Options of ``[stages.hedges]`` (defaults in default.toml)."""

    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the rule-based hedges stage (option ``default_language``)."""
    opts = options_of(HedgesOptions, options, "hedges")
    return HedgesStage(default_language=opts.default_language)
