"""Attributions found through cues: "X a annoncé que …", "selon X, …", "…, said X",
"dans un communiqué". Each yields the source phrase, the cue and the attributed scope."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import Lexicon, alternation
from .text import (
    SPACES,
    Span,
    SpanIndex,
    human_like,
    overlaps_sorted,
    phrase_after,
    sentence_subject,
    strip_span,
    subject_before,
    word_count,
)

# A reporting-verb form right after a determiner is a noun ("un communiqué", "the claims").
NOUN_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:un|une|le|la|l['’]|les|des|du|de|d['’]|ce|cette|ces|son|sa|ses|leur|leurs|"
    r"au|aux|a|an|the|this|these|those|its|his|her|their|of|to)\s*$", re.IGNORECASE)
_PASSIVE_RE = re.compile(r"(?:été|être|étaient|était|been|being|be)\s+$", re.IGNORECASE)
_CLAUSE_BREAK_RE = re.compile(r"(?:\bque\b|\bqu['’]|\bthat\b|[;:»”])", re.IGNORECASE)
# A relative whose subject is the source: "…, ce que l'armée dément".
_RELATIVE_BREAK_RE = re.compile(r"\bce\s+qu(?:e\b|['’])\s*", re.IGNORECASE)
# A second verb coordinated with the first: "X called the attack cowardly and said …".
_COORDINATION_RE = re.compile(r"(?<![\w-])(?:and|et|puis|then|but|mais)\s+$", re.IGNORECASE)
# "Comme l'a révélé notre site", "as Reuters reported": a comparative clause whose source
# follows the verb ("comme l'a …") or precedes it ("as X reported").
_COMME_RE = re.compile(r"(?<![\w-])(?:comme|ainsi\s+que)\s+(?:l['’]\s*)?$", re.IGNORECASE)


@dataclass
class Attribution:
    """A source phrase, its cue and the attributed content (``scope``)."""

    start: int
    end: int
    cue: str
    scope_start: int
    scope_end: int
    pronoun: bool = False
    kind: str = "verb"


def _inside(pos: int, spans: list[Span]) -> bool:
    if len(spans) < 8:
        return any(s <= pos < e for s, e in spans)
    return _index_of(spans).covers(pos)


_INDEX_CACHE: dict[int, tuple[list[Span], SpanIndex]] = {}


def _index_of(spans: list[Span]) -> SpanIndex:
    """One index per list of quotation spans (the same list is checked for every cue)."""
    cached = _INDEX_CACHE.get(id(spans))
    if cached is None or cached[0] is not spans:
        _INDEX_CACHE.clear()
        cached = (spans, SpanIndex([(s, e, 0) for s, e in spans]))
        _INDEX_CACHE[id(spans)] = cached
    return cached[1]


def _negated(text: str, start: int, lex: Lexicon) -> bool:
    before = text[max(0, start - 16):start].lower()
    words = re.findall(r"[\w'’]+", before)
    if not words:
        return False
    last = words[-2:]
    return any(w in lex.negation or w.replace("’", "'") in lex.negation for w in last) or \
        before.rstrip().endswith(("n'", "n’", "n't", "n’t"))


def _scope_after(text: str, pos: int, sentence_end: int, lex: Lexicon) -> Span:
    m = lex.complementizer_re.match(text[pos:sentence_end])
    if m:
        pos += m.end()
    else:  # "said in a statement that …": skip a short adjunct before the complementizer
        window = text[pos:min(sentence_end, pos + 60)]
        for c in re.finditer(r"\s(?=\S)", window):
            m = lex.complementizer_re.match(window[c.start():])
            if m and not re.search(r"[,;:.«“\"]", window[:c.start()]):
                pos += c.start() + m.end()
                break
    s, e = strip_span(text, pos, sentence_end, SPACES + ":,")
    if e > s and text[e - 1] in ".!?…":
        e -= 1
    return s, max(s, e)


def _scope_before(text: str, sentence_start: int, pos: int) -> Span:
    return strip_span(text, sentence_start, pos, SPACES + ",;:-–—")


MAX_CLAUSE_CHARS = 2_000


def find_clause_start(text: str, sentence_start: int, cue_start: int, lex: Lexicon) -> int:
    """Where the clause of the cue at ``cue_start`` begins: after a quotation mark or
    semicolon, or after a "que"/"that" introduced by another reporting verb ("Il a dit que
    l'armée a annoncé …"), never inside a relative clause ("who spoke on the condition
    that …"). Only the last MAX_CLAUSE_CHARS before the cue are scanned: a clause is never
    longer, and a sentence with no full stop in 100 KB of hostile text must stay linear."""
    sentence_start = max(sentence_start, cue_start - MAX_CLAUSE_CHARS)
    start = sentence_start
    for b in lex.subordinator_re.finditer(text, sentence_start, cue_start):
        start = max(start, b.end())
    for b in _RELATIVE_BREAK_RE.finditer(text, start, cue_start):
        start = max(start, b.end())
    for b in _CLAUSE_BREAK_RE.finditer(text, start, cue_start):
        if b.group(0)[:1].isalpha():
            before = text[max(sentence_start, b.start() - 60):b.start()]
            if not any(c.end() >= len(before.rstrip()) - 1 for c in lex.cue_re.finditer(before)):
                continue
        start = b.end()
    return start


def _predicted(text: str, cue_end: int, sentence_end: int, verb: str, lex: Lexicon) -> bool:
    """A reporting verb in the simple future ("accusera", "annonceront") with no speech
    after it: a forecast of what someone will say, not a source of the article. A
    future that reports ("il déclarera plus tard que …", the journalistic future) is
    followed by its content: "que", a colon or a quotation."""
    if not verb.endswith(("era", "eront")):
        return False
    after = text[cue_end:min(sentence_end, cue_end + 80)]
    after = re.sub(r"^[\s,]*(?:(?:plus\s+tard|ensuite|alors|aussi|encore|également|"
                   r"lui-même|elle-même|demain)[\s,]+)*", "", after, flags=re.IGNORECASE)
    return not (lex.complementizer_re.match(after) or after[:1] in ':«"“')


def verb_attributions(text: str, sentences: list[Span], quotes: list[Span], lex: Lexicon,
                      has_finite_verb: Callable[[int, int], bool] | None = None
                      ) -> list[Attribution]:
    """Sources of reporting verbs outside quotations, in normal or inverted order."""
    out: list[Attribution] = []
    for s, e in sentences:
        for m in lex.cue_re.finditer(text, s, e):
            if _inside(m.start(), quotes) or _negated(text, m.start(), lex):
                continue
            # the pattern ends at the cue: look at its last characters only (linear)
            if _COMME_RE.search(text, max(s, m.start() - 60), m.start()):
                # "Comme l'a révélé notre site la semaine dernière, …": source after the verb.
                phrase = phrase_after(text, m.end(), e, lex)
                if phrase is not None and human_like(text[phrase[0]:phrase[1]], lex):
                    comma = text.find(",", phrase[1], e)
                    scope = _scope_after(text, comma + 1 if comma >= 0 else phrase[1], e, lex)
                    out.append(Attribution(*phrase, text[m.start():m.end()], *scope))
                continue
            window = text[max(s, m.start() - 12):m.start()]
            if _PASSIVE_RE.search(window) or NOUN_BEFORE_RE.search(window):
                continue
            verb_text = m.group("verb")
            if verb_text[:1].isupper() and m.start() > s and m.start("verb") == m.start():
                continue  # "the United States": part of a name, not a verb
            verb = verb_text.lower()
            if verb.endswith("ant") or (verb in lex.participles and m.start("verb") == m.start()):
                continue  # "indiquant", "le président nouvellement confirmé": no own subject
            cue = text[m.start():m.end()]
            pron_group = "pron1" if m.group("pron1") else "pron2" if m.group("pron2") else None
            prefix = text[max(s, m.start() - MAX_CLAUSE_CHARS):m.start()]
            inverted = bool(prefix.strip()) and prefix.rstrip(SPACES)[-1:] in ",»”\"—–"
            if not inverted and _predicted(text, m.end(), e, verb, lex):
                continue  # "Washington accusera les milices": the writer's forecast
            if pron_group:
                ps, pe = m.span(pron_group)
                if re.search(r"\bqu(?:e|['’])\s*$", text[max(s, m.start() - 5):m.start()],
                             re.IGNORECASE):
                    continue  # "…, qu'ils jugent responsable": a relative clause, not a source
                scope = _scope_before(text, s, m.start()) if inverted else \
                    _scope_after(text, m.end(), e, lex)
                out.append(Attribution(ps, pe, cue, *scope, pronoun=True))
                continue
            clause_start = find_clause_start(text, s, m.start(), lex)
            coordination = _COORDINATION_RE.search(text, clause_start, m.start())
            if coordination is not None and text[clause_start:coordination.start()].strip():
                # "He called the attack cowardly and said …": the subject of the first verb.
                subject = sentence_subject(text, clause_start, coordination.start(), lex,
                                           has_finite_verb)
                if subject is not None:
                    out.append(Attribution(*subject, cue, *_scope_after(text, m.end(), e, lex),
                                           pronoun=text[subject[0]:subject[1]].lower()
                                           in lex.pronouns))
                continue
            found = subject_before(text, clause_start, m.start(), lex, has_finite_verb)
            if found is None and inverted:
                # "…, a indiqué le parquet", "…,” said Olena": the source follows the verb.
                phrase = phrase_after(text, m.end(), e, lex)
                if phrase is None or lex.complementizer_re.match(text[phrase[0]:phrase[1]]) \
                        or not human_like(text[phrase[0]:phrase[1]], lex):
                    continue
                out.append(Attribution(*phrase, cue, *_scope_before(text, s, m.start()),
                                       pronoun=text[phrase[0]:phrase[1]].lower() in lex.pronouns))
                continue
            if found is None:
                continue
            (ss, se), content_before = found
            if lex.cue_re.search(text, ss, se) or word_count(text[ss:se]) > 15 or re.match(
                    r"(?:que|qu['’]|which|that)\b", text[ss:se], re.IGNORECASE):
                continue  # no subject, or a relative clause ("qu'ils jugent")
            if not human_like(text[ss:se], lex):
                continue  # "La défaite … avait annoncé": a figurative subject, not a source
            scope = _scope_before(text, s, ss) if content_before else \
                _scope_after(text, m.end(), e, lex)
            if scope[1] <= scope[0]:  # nothing after the cue: the content came first
                scope = _scope_before(text, s, ss)
            out.append(Attribution(ss, se, cue, *scope,
                                   pronoun=text[ss:se].lower() in lex.pronouns))
    return out


def preposition_attributions(text: str, sentences: list[Span], quotes: list[Span],
                             lex: Lexicon) -> list[Attribution]:
    """Sources introduced by "selon", "d'après", "according to", "citing"."""
    out: list[Attribution] = []
    for s, e in sentences:
        for m in list(lex.preposition_re.finditer(text, s, e)) + [
                p for p in lex.pronoun_preposition_re.finditer(text, s, e)]:
            if _inside(m.start(), quotes) or lex.not_attribution_re.match(text, m.start()):
                continue
            cue = re.sub(r"\s+", " ", text[m.start():m.end()]).lower()
            # "de source policière": the source phrase starts at "source".
            anonymous_cue = cue in lex.anonymous_prepositions
            phrase_start = m.start() + cue.index(" ") + 1 if anonymous_cue else m.end()
            phrase = phrase_after(text, phrase_start, e, lex, skip_adjuncts=False)
            if phrase is None:
                continue
            before = text[s:m.start()].strip(SPACES + ",")
            if before and not lex.adverbial_openers_re.fullmatch(before):
                scope = _scope_before(text, s, m.start())
            else:
                after = text.find(",", phrase[1], e)
                scope = _scope_after(text, after + 1 if after >= 0 else phrase[1], e, lex)
            out.append(Attribution(*phrase, cue, *scope, kind="preposition",
                                   pronoun=text[phrase[0]:phrase[1]].lower() in lex.pronouns))
    return out


def document_attributions(text: str, sentences: list[Span], quotes: list[Span],
                          lex: Lexicon) -> list[Attribution]:
    """Documents a statement comes from: "dans un communiqué", "in a statement"."""
    containers = alternation(lex.words("attribution", "document_containers"))
    dets = r"(?:un|une|a|an|son|sa|ses|leur|its|their|his|her|the|le|la|ce|cette)"
    heads = alternation(lex.words("sources", "document_heads"))
    pattern = re.compile(rf"(?<![\w-])(?:{containers})\s+(?P<np>{dets}\s+(?:[\w-]+\s+)?"
                         rf"(?:{heads}))(?![\w-])", re.IGNORECASE)
    out: list[Attribution] = []
    for s, e in sentences:
        for m in pattern.finditer(text, s, e):
            if _inside(m.start(), quotes):
                continue
            phrase = phrase_after(text, m.start("np"), e, lex, skip_adjuncts=False)
            if phrase is None:
                continue
            phrase = (phrase[0], max(phrase[1], m.end("np")))
            scope = strip_span(text, s, e, SPACES + ".")
            out.append(Attribution(*phrase, m.group(0).split()[0].lower(), *scope,
                                   kind="document"))
    return out


def all_attributions(text: str, sentences: list[Span], quotes: list[Span], lex: Lexicon,
                     has_finite_verb: Callable[[int, int], bool] | None = None
                     ) -> list[Attribution]:
    """Every cue-based attribution, in text order, without overlapping source phrases."""
    found = (preposition_attributions(text, sentences, quotes, lex)
             + verb_attributions(text, sentences, quotes, lex, has_finite_verb)
             + document_attributions(text, sentences, quotes, lex))
    kept: list[Attribution] = []
    taken: list[Span] = []
    for a in found:  # prepositions first: "selon X" wins over a verb misreading
        if overlaps_sorted(a.start, a.end, taken):
            continue
        bisect.insort(taken, (a.start, a.end))
        kept.append(a)
    return sorted(kept, key=lambda a: a.start)
