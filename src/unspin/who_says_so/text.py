"""Text helpers for attribution: paragraphs and the phrases that name sources (sentences
come from :mod:`unspin.sentences`).

Everything works on the raw article text with regular expressions, so that the stages
behave the same with a full spaCy parse, a blank pipeline (English) or no Doc at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model import Article
from ..sentences import SPACES, strip_span

if TYPE_CHECKING:
    from .lexicon import Lexicon

Span = tuple[int, int]

PHRASE_WINDOW = 300
HARD_STOP = set(".;:!?()[]«»“”\"„‹›\n…")
TOKEN_RE = re.compile(r"[\w’'.-]+|[^\w\s]", re.UNICODE)
# After one of these a reporting-verb form is a noun ("un communiqué", "the claims").
DETERMINERS = {"un", "une", "le", "la", "l'", "l’", "les", "des", "du", "ce", "cette", "son",
               "sa", "ses", "leur", "leurs", "a", "an", "the", "this", "its", "his", "her",
               "their"}
_CONJUNCTION_RE = re.compile(r"^(?:mais|et|or|pourtant|and|but|yet|so)\s+", re.IGNORECASE)
_COORDINATION_END_RE = re.compile(r"(?<![\w-])(?:and|et|puis|then)\s*$", re.IGNORECASE)


def enclosing(spans: list[Span], pos: int) -> Span | None:
    """The span of ``spans`` (sorted, not overlapping) that contains offset ``pos``, or
    ends at it; found by bisection, so that many quotations stay linear."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    for s, e in spans[max(0, i - 1):i + 1]:
        if s <= pos < e or (pos == e and s < e):
            return s, e
    return None


def word_count(text: str) -> int:
    """The number of words (runs of letters or digits) in ``text``."""
    return len(re.findall(r"\w+", text))


class _LazyTokens:
    """The tokens of ``text[start:end]``, cut only as far as they are read: a source phrase
    stops after a few words, and cutting a whole 60 KB "sentence" for each "selon" in it
    would be quadratic."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._matches = TOKEN_RE.finditer(text, start, end)
        self._tokens: list[tuple[int, int, str]] = []

    def has(self, i: int) -> bool:
        """True when there is an ``i``-th token (cutting up to it)."""
        while len(self._tokens) <= i:
            m = next(self._matches, None)
            if m is None:
                return False
            self._tokens.append((m.start(), m.end(), m.group(0)))
        return True

    def __getitem__(self, i: int) -> tuple[int, int, str]:
        self.has(i)
        return self._tokens[i]


_ADJUNCT_FR_EN = re.compile(
    r"^(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd'hui|"
    r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today)"
    r"(?:\s+(?:soir|matin|après-midi|midi))?\s*,?\s*"
    r"|(?:à|au|aux|to|par)\s+(?:l['’]|la\s+|le\s+|les\s+|the\s+)?"
    r"(?:[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý][\w'’.-]*)*|presse|journalistes|reporters|"
    r"téléphone|notre\s+correspondant|notre\s+envoyé\s+spécial|l['’]agence\s+[A-Z]\w+)"
    r"\s*,?\s*)",
)


def phrase_after(text: str, start: int, limit: int, lex: Lexicon,
                 skip_adjuncts: bool = True) -> Span | None:
    """The source phrase that starts at ``start`` (after an inverted cue or "selon").

    Stops at punctuation or at a word that starts an adjunct ("lors", "in", "mardi");
    keeps appositions after a comma ("Ahmed, un enseignant") and relative clauses that say
    the source is anonymous ("qui a requis l'anonymat").
    """
    while start < limit and text[start] in SPACES:
        start += 1
    # A source phrase is a few words long: never tokenise further than PHRASE_WINDOW
    # characters (a run-on "sentence" of 10,000 "selon" stays linear).
    limit = min(limit, start + PHRASE_WINDOW)
    if skip_adjuncts:
        for _ in range(2):
            m = _ADJUNCT_FR_EN.match(text[start:limit])
            if not m or m.end() >= limit - start:
                break
            rest = text[start + m.end():limit]
            if not rest.strip() or rest.lstrip()[:1] in HARD_STOP:
                break
            start += m.end()
    first = re.match(r"[\w'’]+", text[start:limit])
    if first and first.group(0).lower() in lex.pronouns:
        return start, start + first.end()  # "selon lui un oasis de …": the pronoun only
    toks = _LazyTokens(text, start, limit)
    end = start
    words = 0
    i = 0
    while toks.has(i):
        ts, te, tok = toks[i]
        low = tok.lower()
        if words and tok.endswith(".") and lex.stopper_re.fullmatch(low[:-1]):
            break  # "a déclaré Haddad mardi.": the day is not part of the name
        if tok in HARD_STOP or (tok.endswith(".") and len(tok) > 1 and not toks.has(i + 1)):
            if tok.endswith(".") and len(tok) > 1:
                end = te - 1
            break
        if tok == ",":
            nxt = toks[i + 1][2] if toks.has(i + 1) else ""
            so_far = re.findall(r"[\w'’-]+", text[start:ts])
            after_name = bool(so_far) and all(w[:1].isupper() for w in so_far)
            age = re.match(r"\s*\d{1,3}\s*(?:ans|years?\s+old)\b", text[te:limit])
            if words and age is not None:
                i += 1  # "Fatoumata, 34 ans, …": an age apposition belongs to the name
                continue
            titled_name = lex.person_title_re.match(text, _skip_determiner(text, te, limit))
            titled_name_follows = titled_name is not None and re.match(
                r"[\s\u00a0\u202f]+[A-ZÀ-Ý]", text[titled_name.end():limit]) is not None
            if words and nxt and (nxt[:1].isupper() or (after_name or titled_name_follows)
                                  and nxt.lower() in {"un", "une", "le", "la", "a", "an",
                                                      "the"}) and _apposition_follows(
                    text, te, limit, lex) and text[start:ts].strip().lower() not in lex.pronouns:
                i += 1
                continue
            if words and nxt.lower() in lex.relative_keepers and lex.anonymity_re.search(
                    text[ts:limit]):
                return strip_span(text, start, _relative_limit(text, ts, limit, lex))
            break
        if words and low in lex.relative_keepers:
            if lex.anonymity_re.search(text[ts:limit]):
                return strip_span(text, start, _relative_limit(text, ts, limit, lex))
            break
        nxt_tok = toks[i + 1][2] if toks.has(i + 1) else ""
        prev_tok = toks[i - 1][2].lower() if i else ""
        # "a researcher at Human Rights Watch", "un document consulté par l'AFP": the
        # complement belongs to the phrase.
        keeps = (low == "at" and nxt_tok[:1].isupper()) or (
            low in {"in", "à"} and prev_tok in {"based", "basé", "basée", "basés"}) or (
            low in {"par", "by"} and re.search(r"(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|it|ite|ed|en)$", prev_tok) is not None)
        if words and not keeps and lex.stopper_re.fullmatch(low) and not any(
                a.start() <= ts < a.end() for a in lex.anonymity_re.finditer(
                    text, max(start, ts - 25), min(limit, te + 40))):
            break
        previous = toks[i - 1][2].lower() if i else ""
        if words and (lex.clause_marker_re.fullmatch(low) or (
                lex.cue_re.fullmatch(tok) and previous not in DETERMINERS)):
            break
        if words >= 14 or (words and lex.time_adjunct_re.match(text, ts)):
            break
        end = te
        if re.match(r"\w", tok):
            words += 1
        i += 1
    s, e = strip_span(text, start, end, SPACES + ",-–—")
    if s >= e or not re.search(r"\w", text[s:e]) or lex.bad_subject_re.match(text[s:e]) or \
            lex.stopper_re.fullmatch(text[s:e]) or lex.adverbial_openers_re.fullmatch(text[s:e]):
        return None  # "a déclaré jeudi.": no source named
    return s, e


def _skip_determiner(text: str, pos: int, limit: int) -> int:
    """The offset after the blanks and the determiner at ``pos`` ("  le docteur" → "docteur")."""
    m = re.compile(r"[\s\u00a0\u202f]*(?:(?:le|la|the)[\s\u00a0\u202f]+|l['’])?",
                   re.IGNORECASE).match(text, pos, limit)
    return m.end() if m else pos


def _apposition_follows(text: str, pos: int, limit: int, lex: Lexicon) -> bool:
    """Whether the comma-separated segment at ``pos`` is a short apposition (a name or a
    title), not the start of a clause ("Selon eux, Ankara aurait …")."""
    comma = text.find(",", pos, limit)
    segment = text[pos:comma if comma >= 0 else limit]
    segment = re.split(r"[.;:!?]", segment, maxsplit=1)[0]
    return word_count(segment) <= 6 and not lex.clause_marker_re.search(segment) and \
        not lex.cue_re.search(segment)


def _relative_limit(text: str, start: int, limit: int, lex: Lexicon) -> int:
    """End of a relative clause that says a source is anonymous ("qui a requis l'anonymat"):
    the comma or sentence end after the anonymity marker, not the rest of the sentence."""
    end = _sentence_limit(text, start, limit)
    marker = lex.anonymity_re.search(text, start, end)
    if marker is not None:
        comma = text.find(",", marker.end(), end)
        if comma >= 0:
            return comma
    return end


def _sentence_limit(text: str, start: int, limit: int) -> int:
    m = re.search(r"[.;!?\n]", text[start:limit])
    return start + m.start() if m else limit


def _is_clause(text: str, start: int, end: int, lex: Lexicon,
               has_finite_verb: Callable[[int, int], bool] | None) -> bool:
    """Whether ``text[start:end]`` is a clause rather than a noun phrase."""
    seg = text[start:end].strip(SPACES + ",")
    if lex.clause_marker_re.search(seg):
        return True
    first = seg.split(" ", 1)[0].lower() if seg else ""
    if first in lex.pronouns and word_count(seg) > 1:
        return True
    if has_finite_verb is None:  # no morphology: an event verb shows a clause
        return bool(lex.event_re.search(seg))
    return has_finite_verb(start, end)


def subject_before(text: str, clause_start: int, cue_start: int, lex: Lexicon,
                   has_finite_verb: Callable[[int, int], bool] | None = None
                   ) -> tuple[Span, bool] | None:
    """The subject phrase just before a cue, and whether content precedes it.

    Walks back over short comma-separated segments (appositions: "Le porte-parole, Yehia
    Rasool,"); stops at an adverbial opener ("Jeudi,", "Interrogé par l'AFP,") or at a long
    segment, which is then the attributed content ("X happened, officials said").
    Returns ``None`` when no plausible subject is found.
    """
    chunk = text[clause_start:cue_start]
    if not chunk.strip():
        return None
    coordination = _COORDINATION_END_RE.search(chunk)
    if coordination is not None and chunk[:coordination.start()].strip():
        # "Le gouvernement a dénoncé … et assuré que": the subject of the first verb.
        shared = sentence_subject(text, clause_start, clause_start + coordination.start(),
                                  lex, has_finite_verb)
        return (shared, False) if shared is not None else None
    cuts = [clause_start] + [clause_start + m.end() for m in re.finditer(r",", chunk)]
    bounds = list(zip(cuts, cuts[1:] + [cue_start]))
    chosen_start: int | None = None
    chosen_end = cue_start
    content_before = False
    for seg_start, seg_end in reversed(bounds):
        seg = text[seg_start:seg_end].strip(SPACES + ",")
        if not seg:
            if chosen_start is None:
                continue
            break
        if seg.split(" ", 1)[0].lower() in lex.relative_keepers:
            # "X, qui a requis l'anonymat, a dit": the relative clause belongs to X.
            chosen_start = seg_start
            continue
        clause = _is_clause(text, seg_start, seg_end, lex, has_finite_verb)
        # An apposition starts with a capital or a determiner ("Yehia Rasool", "un homme");
        # anything else before the subject is attributed content.
        apposition_like = seg[:1].isupper() or bool(re.match(
            r"(?:un|une|le|la|les|l['’]|des|a|an|the|his|her|its|their|son|sa|ses)\b", seg,
            re.IGNORECASE)) or lex.indefinite_re.match(seg) is not None
        too_long = word_count(seg) > 8 or clause or (chosen_start is not None
                                                     and not apposition_like)
        # Openers: "Jeudi,", "Interrogé par l'AFP,", "Saisi par …,", "le 26 mars dernier,".
        participle_opener = seg[:1].isupper() and word_count(seg) >= 3 and re.match(
            r"[\w-]+(?:é|ée|és|ées|i|is|ie|u|us|ue|ed)\s+(?:par|de|du|à|au|sur|dans|by|in|on|"
            r"at|to|with)\b", seg) is not None
        opener = bool(lex.adverbial_openers_re.match(seg) or participle_opener or re.match(
            r"(?:(?:le|the)\s+)?\d", seg, re.IGNORECASE))
        if chosen_start is None and _CONJUNCTION_RE.match(seg) and not clause and \
                word_count(seg) <= 8:
            chosen_start = seg_start  # "…, and one spokesman warned": after "and"
            break
        if chosen_start is None:
            parenthetical = (opener or lex.preposition_re.match(seg) is not None
                             or seg.split(" ", 1)[0].lower().endswith("ant")) and \
                seg_start > clause_start
            if parenthetical and not clause:
                # "The Pentagon, in a statement, said", "Haaretz, citant des responsables,
                # affirme": the aside is skipped, the subject comes before it.
                chosen_end = seg_start
                continue
            if word_count(seg) > 15 or clause:
                return None
            chosen_start = seg_start
            continue
        if opener and not clause:
            break
        if too_long:
            content_before = True
            break
        chosen_start = seg_start
    if chosen_start is None:
        return None
    s, e = strip_span(text, chosen_start, chosen_end, SPACES + ",'\"‘’")
    m = _CONJUNCTION_RE.match(text[s:e])
    if m:
        s += m.end()
    m = lex.adverbial_openers_re.match(text[s:e])
    if m and text[s + m.end():e].strip() and "," not in text[s:e]:
        # "Jeudi le ministre a dit" without a comma: keep the words after the opener only
        # when they start a noun phrase.
        rest = text[s + m.end():e].lstrip(SPACES)
        if rest[:1].isupper() or re.match(r"(?:le|la|les|l['’]|un|une|des|the|a|an)\b", rest,
                                          re.IGNORECASE):
            s = e - len(rest)
    adverb = re.search(r"\s+[a-z]+ly$", text[s:e])
    if adverb and word_count(text[s:e]) > 1:
        e = s + adverb.start()  # "Militia commanders quickly blamed": not the adverb
    if s >= e or word_count(text[s:e]) == 0 or word_count(text[s:e]) > 15:
        return None
    subject = text[s:e]
    last = re.findall(r"[\w'’]+", subject)[-1].lower()
    relative = re.search(r",[\s\u00a0\u202f]*(?:qui|who)$", subject, re.IGNORECASE)
    if relative is not None and last in {"qui", "who"} and relative.start() > 0:
        # "son porte-parole, Ibrahim Sow, qui a qualifié …": the relative pronoun stands for
        # the phrase before it, which is the source.
        e = s + relative.start()
        subject = text[s:e]
        content_before = False
        last = re.findall(r"[\w'’]+", subject)[-1].lower()
    if last in lex.pronouns and word_count(subject) > 1 and "," not in subject:
        # "despite the fact that he said": the pronoun is the subject.
        pos = e - len(re.findall(r"[\w'’]+", subject)[-1])
        return (pos, e), content_before
    if lex.bad_subject_re.match(subject) or re.search(r"[«»“”\"]", subject) or last in {
            "qui", "que", "who", "which", "that", "dont", "se", "s'", "s’"} or re.match(
            r"qu['’]", last):
        # "je me dis", "ce qu'il décrit", "Cinq citations qui résument", "rien d'étonnant
        # qu'ils annoncent", "deux tiers des Français se disent"
        return None
    lead = re.match(r"[.\-–—\s]+", subject)
    if lead:  # "PARIS.- Laurent Fabius": a dateline's dash is not part of the subject
        s += lead.end()
    return (s, e), content_before



def finite_verb_checker(article: Article) -> Callable[[int, int], bool] | None:
    """A test "does ``[start, end)`` hold a finite verb?" from the parse's morphology, or
    None when the Doc is absent or has no morphology (blank pipelines)."""
    doc = article.scratch.get("doc")
    if doc is None or not doc.has_annotation("MORPH"):
        return None
    offsets = sorted(t.idx for t in doc if t.pos_ in ("VERB", "AUX")
                     and "Fin" in t.morph.get("VerbForm"))

    def has_finite_verb(start: int, end: int) -> bool:
        i = bisect.bisect_left(offsets, start)
        return i < len(offsets) and offsets[i] < end

    return has_finite_verb


# A proper name apposed after a comma at the end of a phrase ("…, Paul Mensah").
APPOSED_NAME_RE = re.compile(r",[\s\u00a0\u202f]*[A-ZÀ-Ý][\w'’-]+[\s\u00a0\u202f]+"
                              r"(?:(?:de|al|el|ben|bin|van|von|da|le|la)[\s\u00a0\u202f]+)?"
                              r"[A-ZÀ-Ý][\w'’-]+[\s\u00a0\u202f]*,?$")
_HEAD_STOP_RE = re.compile(r"(?:de|du|des|d['’]|of|for|à|au|aux|in|on|at|from|with|près|sur)$",
                           re.IGNORECASE)
_LEADING_DET_RE = re.compile(
    r"^(?:(?:le|la|les|the|ce|cette|ces|son|sa|ses|leur|leurs|its|his|her|their|this|these)"
    r"(?![\w-])|l['’])\s*", re.IGNORECASE)


def human_like(phrase: str, lex: Lexicon, strict: bool = False) -> bool:
    """Whether a subject phrase can be a source: a pronoun, a name (a capitalised word), or a
    head noun from the lexicons (title, organisation, anonymous source, media, document).
    "La chute de Bakhmout avait annoncé …" is figurative: its head "chute" is none of them."""
    phrase = phrase.strip(SPACES + ",")
    if phrase.lower() in lex.pronouns or phrase.lower() in lex.impersonal_pronouns:
        return True
    if APPOSED_NAME_RE.search(phrase):
        return True  # "le candidat de l'opposition, Paul Mensah": a person named after a comma
    bare = _LEADING_DET_RE.sub("", phrase, count=1)
    m = lex.indefinite_re.match(bare)
    if m:
        bare = bare[m.end():].lstrip(SPACES)
    words: list[str] = []
    for w in re.findall(r"[\w'’.-]+", bare):
        if words and _HEAD_STOP_RE.fullmatch(w):
            break
        words.append(w)
        if len(words) == 3:
            break
    # A capital counts as a name unless it is only a sentence-initial function word
    # ("Par ailleurs").
    # ``strict``: the first word's capital does not count (it may only start the sentence).
    if any(w[:1].isupper() and not (lex.adverbial_openers_re.fullmatch(w)
                                    or lex.stopper_re.fullmatch(w))
           for w in (words[1:] if strict and bare == phrase else words)):
        return True
    # Plurals of the lexicon's singular heads count too ("des responsables", "officers").
    heads = (" ".join(words), " ".join(re.sub(r"(?<=\w\w)[sx]$", "", w) for w in words))
    if any(r.search(h) for h in heads for r in (
            lex.person_title_re, lex.organisation_re, lex.anonymous_head_re, lex.media_head_re,
            lex.document_head_re, lex.media_name_re)):
        return True
    # Nouns of people by their ending: "un économiste", "une agricultrice", "a farmer".
    content = [w for w in heads[1].split() if not (lex.adverbial_openers_re.fullmatch(w)
                                                   or lex.stopper_re.fullmatch(w))]
    return bool(content) and content[0] == heads[1].split()[0] and any(
        lex.person_suffix_re.search(w) for w in content[:2])


# A determiner right before a word ("son communiqué"); "le", "la", "les", "l'" only when
# no clitic's host stands before them ("il le dit": an object pronoun, not an article).
_DETERMINER_BEFORE_RE = re.compile(
    r"(?:(?<![\w'’-])(?:un|une|du|des|au|aux|ce|cet|cette|ces|son|sa|ses|"
    r"the|an|its|his|her|their|this|these)\s+"
    r"|(?<![\w'’-])(?<!il )(?<!on )(?<!ne )(?<!elle )(?<!ils )(?<!nous )(?<!vous )"
    r"(?:le\s+|la\s+|les\s+|l['’]))$", re.IGNORECASE)


def first_verb_at(text: str, start: int, end: int, lex: Lexicon,
                  has_finite_verb: Callable[[int, int], bool] | None = None) -> int | None:
    """Offset of the first verb-like word of ``text[start:end]`` (a finite verb from the
    parse, an auxiliary or copula, a reporting verb, or an English "-ed" form), or None."""
    for m in re.finditer(r"[\w'’-]+", text[start:end]):
        ts, te, tok = start + m.start(), start + m.end(), m.group(0)
        if has_finite_verb is not None and has_finite_verb(ts, te):
            return ts
        if lex.clause_marker_re.fullmatch(tok):
            return ts
        if lex.cue_re.fullmatch(tok) and not _DETERMINER_BEFORE_RE.search(
                text, max(start, ts - 16), ts):
            # "son communiqué", "le rapport": a reporting verb's form after a determiner
            # is a noun ("Dans son communiqué, l'organisation « regrette … »").
            return ts
        if has_finite_verb is None and tok.islower() and tok.endswith("ed") and len(tok) > 4:
            return ts
    return None


# Reflexive and adverbial clitics between a subject and its verb ("s'en", "s'y", "se").
_TRAILING_CLITICS_RE = re.compile(r"(?:(?<=\s)(?:s['’](?:en|y)?|se|en|y)\s*)+$",
                                  re.IGNORECASE)


def sentence_subject(text: str, start: int, end: int, lex: Lexicon,
                     has_finite_verb: Callable[[int, int], bool] | None = None,
                     strict: bool = False) -> Span | None:
    """The subject of the clause ``text[start:end]``: the human-like noun phrase before its
    first verb ("Prime Minister Ana Costa called … and said", "Le ministre a été clair :")."""
    verb = first_verb_at(text, start, end, lex, has_finite_verb)
    if verb is None or verb <= start:
        return None
    found = subject_before(text, start, verb, lex, has_finite_verb)
    if found is None or found[1]:
        return None
    s, e = found[0]
    if re.search(r"(?<![\w'’])(?:ne|n['’])$", text[s:e].rstrip(), re.IGNORECASE):
        return None  # "une partie des vêtements ne …": a negation, the subject is cut
    clitics = _TRAILING_CLITICS_RE.search(text, s, e)
    if clitics is not None and clitics.start() > s:
        e = len(text[s:clitics.start()].rstrip()) + s  # "Le commandant s'en est pris …"
    return (s, e) if human_like(text[s:e], lex, strict) else None


class SpanIndex:
    """Spans (with a payload) looked up by overlap in logarithmic time plus the answer's
    size, so that checking every sentence against every hedge, source or entity stays
    linear in practice. Spans longer than ``LONG`` characters (multi-paragraph quotations)
    are few and checked one by one."""

    LONG = 2000

    def __init__(self, items: list[tuple[int, int, int]]) -> None:
        short = sorted(i for i in items if i[1] - i[0] <= self.LONG)
        self.long = [i for i in items if i[1] - i[0] > self.LONG]
        self.short = short
        self.starts = [i[0] for i in short]
        self.reach = max((i[1] - i[0] for i in short), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The items overlapping ``[start, end)``, by start."""
        lo = bisect.bisect_left(self.starts, start - self.reach)
        hi = bisect.bisect_left(self.starts, end)
        found = [i for i in self.short[lo:hi] if i[1] > start and i[0] < end]
        found += [i for i in self.long if i[1] > start and i[0] < end]
        return sorted(found)

    def inside(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The items that lie within ``[start, end)``."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        found = [i for i in self.short[lo:hi] if i[1] <= end]
        found += [i for i in self.long if start <= i[0] and i[1] <= end]
        return sorted(found)

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies inside one of the items."""
        return bool(self.overlapping(pos, pos + 1))


def overlaps_sorted(start: int, end: int, spans: list[Span]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans``, sorted and not overlapping."""
    i = bisect.bisect_left(spans, (start, start))
    return (i < len(spans) and spans[i][0] < end) or (i > 0 and spans[i - 1][1] > start)
