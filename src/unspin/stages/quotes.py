"""The quotes stage: direct quotations, their speakers and reporting cues.

Layer ``quotes``: label ``quote``, the span is the quoted words without the marks. Attrs:
``kind`` (``direct``, or ``scare`` for 1–3 quoted words with no reporting cue next to them:
« terroristes » — kept for the persuasion side, never given a speaker; ``partial`` when
those few words borrow the words of their own sentence's source: "Selon lui, … un
« redéploiement rapide »"), ``speaker``,
``speaker_start``, ``speaker_end``, ``speaker_id`` (canonical entity id via the
``entities`` layer), ``cue``, and, when the speaker was a pronoun ("a-t-il ajouté"),
``speaker_resolved_from`` (the pronoun as written) with ``pronoun_start``/``pronoun_end``;
the speaker is then the nearest earlier named source. A quotation with no cue next to its
marks belongs to the source or subject of its sentence, or of the sentence before it
(``speaker_inferred`` says which); a title ("son livre « … »") gets kind ``title``. No
speaker found: ``speaker`` null and ``no_speaker_reason`` says why. Unbalanced quote marks
are declined, not guessed. Cues are looked for within ``SPEAKER_WINDOW`` characters of the
marks, so that the stage stays linear on run-on text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Article
from ..sentences import SPACES, sentence_spans, strip_span
from ..stage import Stage
from ..stage_options import options_of
from ..who_says_so.cues import NOUN_BEFORE_RE, Attribution, all_attributions
from ..who_says_so.cues import find_clause_start as clause_start_of
from ..who_says_so.lexicon import Lexicon, load_lexicon
from ..who_says_so.quotemarks import QuoteMarks, find_quotations
from ..who_says_so.speakers import (
    Antecedent,
    named_organisation_before,
    naming_entity,
    resolve_pronoun,
)
from ..who_says_so.text import (
    Span,
    enclosing,
    finite_verb_checker,
    first_verb_at,
    human_like,
    phrase_after,
    sentence_subject,
    subject_before,
    word_count,
)

SCARE_MAX_WORDS = 3
# How far from its marks a quotation's cue or speaker is looked for (characters).
SPEAKER_WINDOW = 400
_LEAD_RE = re.compile(r"[\s\u00a0\u202f,.!?…]*(?:[-–—]\s*)?")
# Titles abbreviated with a full stop, which does not end the speaker's name.
_ABBREVIATION_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|St|Mgr|Me|"
                              r"Mme|Mlle|M|Pr)\.")
_ENDS_SENTENCE_RE = re.compile(r"[.!?…][\s\u00a0\u202f]*\Z")
_TRAIL_BEFORE_RE = re.compile(
    r"(?:\s*(?:que|qu['’]|that|en ces termes|ainsi|in these words))?[\s\u00a0\u202f]*[:,]?"
    r"[\s\u00a0\u202f]*$", re.IGNORECASE)


@dataclass
class Quotation:
    """A direct quotation with what is known of its speaker."""

    marks: QuoteMarks
    kind: str
    speaker: Span | None = None
    cue: str | None = None
    pronoun: Span | None = None
    continued: bool = False
    nested: bool = False
    # How a speaker without a cue next to the marks was found (``sentence_source``,
    # ``sentence_subject``, ``previous_sentence``), or why none was (``reason``).
    inferred: str | None = None
    reason: str | None = None


def _continues(text: str, previous: Quotation, q: QuoteMarks) -> bool:
    """Whether ``q`` follows ``previous`` in the same paragraph with only ``previous``'s
    attribution and one sentence end between them ("“…,” she said. “…”")."""
    if previous.kind != "direct" or previous.speaker is None or previous.cue is None:
        return False
    between = _ABBREVIATION_RE.sub("", text[previous.marks.close_at + 1:q.open_at])
    if "\n" in between or word_count(between) > 14:
        return False
    ends = re.findall(r"[.!?…]", between)
    return len(ends) <= 1 and bool(re.search(r"[.!?…:]$", between.strip(SPACES)))


def _continues_paragraph(text: str, previous: Quotation, q: QuoteMarks) -> bool:
    """Whether ``q`` is a paragraph made of a quotation right after a paragraph whose
    attributed quotation ends it ('"…," said Amina Yusuf.' then '"Nobody came…"')."""
    if previous.kind != "direct" or previous.speaker is None or previous.nested:
        return False
    line_start = text.rfind("\n", 0, q.open_at) + 1
    if text[line_start:q.open_at].strip(SPACES):
        return False
    between = _ABBREVIATION_RE.sub("", text[previous.marks.close_at + 1:q.open_at])
    return between.count("\n") >= 1 and not re.search(r"\n\s*\S.*\n", between) and \
        word_count(between) <= 14


def _speaker_after(text: str, q: QuoteMarks, limit: int, lex: Lexicon, short: bool = False
                   ) -> tuple[Span, str, bool] | None:
    """Speaker named after the closing mark: "», a déclaré X", "”, X said", "», selon X"."""
    lead = _LEAD_RE.match(text, q.close_at + 1, limit)
    pos = lead.end() if lead else q.close_at + 1
    if _ENDS_SENTENCE_RE.search(text, q.start, q.end) and text[q.close_at + 1:pos].strip(
            SPACES) == "" and pos < limit and text[pos].isupper():
        # "« … frontalières. » Selon un bilan, …": the quotation closed its sentence; what
        # follows the mark starts the next one and attributes something else.
        return None
    m = lex.cue_re.match(text, pos, limit) or lex.incise_re.match(text, pos, limit)
    if m:
        for group in ("pron1", "pron2"):
            if m.group(group):
                return m.span(group), text[m.start():m.end()], True
        phrase = phrase_after(text, m.end(), limit, lex)
        if phrase and human_like(text[phrase[0]:phrase[1]], lex):
            # "», a lancé des avions": not a speaker
            return phrase, text[m.start():m.end()], text[phrase[0]:phrase[1]].lower() in \
                lex.pronouns
        return None
    p = lex.preposition_re.match(text, pos, limit)
    if p and not lex.not_attribution_re.match(text, pos):
        phrase = phrase_after(text, p.end(), limit, lex, skip_adjuncts=False)
        if phrase:
            return phrase, text[p.start():p.end()].lower(), _is_pronoun(text, phrase, lex)
    m = lex.cue_re.search(text, pos, min(limit, pos + 120))
    if m and short:
        return None  # "une riposte « au moment opportun », tandis que X a dit": X's own verb
    if m and not m.group("pron1") and not m.group("pron2"):
        between = text[pos:m.start()]
        if word_count(between) and word_count(between) <= 8 and not re.search(
                r"[.;:!?«»“”\"]", _ABBREVIATION_RE.sub("", between)):
            s, e = strip_span(text, pos, m.start(), SPACES + ",")
            if lex.bad_subject_re.match(text[s:e]) or re.match(
                    r"(?:and|et|mais|but|or|ou|puis|then)\b", text[s:e], re.IGNORECASE):
                return None  # "« … » et a dit": the cue belongs to the sentence's subject
            lead_sub = lex.subordinator_re.match(text, s, e)
            if lead_sub is not None:  # "…, tandis que la Russie a dit": after "tandis que"
                s = strip_span(text, lead_sub.end(), e)[0]
            if s >= e or not human_like(text[s:e], lex):
                return None
            return (s, e), text[m.start():m.end()], text[s:e].lower() in lex.pronouns
    return None


def _speaker_before(text: str, q: QuoteMarks, sentence_start: int, lex: Lexicon,
                    adjacent_only: bool) -> tuple[Span, str, bool] | None:
    """Speaker named before the opening mark: "X a déclaré : «", "selon X : «"."""
    before_end = q.open_at
    if adjacent_only:
        trail = _TRAIL_BEFORE_RE.search(text, sentence_start, before_end)
        core_end = trail.start() if trail else before_end
        cues = [m for m in lex.cue_re.finditer(text, sentence_start, core_end)
                if m.end() == core_end]
    else:
        cues = list(lex.cue_re.finditer(text, sentence_start, before_end))
    cues = [m for m in cues if not m.group("verb").lower().endswith("ant")
             and not NOUN_BEFORE_RE.search(text, max(sentence_start, m.start() - 12), m.start())]
    if cues:
        m = cues[-1]
        for group in ("pron1", "pron2"):
            if m.group(group):
                return m.span(group), text[m.start():m.end()], True
        clause_start = clause_start_of(text, sentence_start, m.start(), lex)
        for b in re.finditer(r"[;:«»“”]", text[clause_start:m.start()]):
            clause_start += b.end()
        found = subject_before(text, clause_start, m.start(), lex)
        if found:
            span = found[0]
            return span, text[m.start():m.end()], text[span[0]:span[1]].lower() in lex.pronouns
        return None
    if adjacent_only:
        for p in list(lex.preposition_re.finditer(text, sentence_start, before_end)) + list(
                lex.pronoun_preposition_re.finditer(text, sentence_start, before_end)):
            phrase = phrase_after(text, p.end(), before_end, lex, skip_adjuncts=False)
            if phrase and not text[phrase[1]:before_end].strip(SPACES + ":,"):
                return phrase, text[p.start():p.end()].lower(), _is_pronoun(text, phrase, lex)
    return None


def _is_pronoun(text: str, span: Span, lex: Lexicon) -> bool:
    return text[span[0]:span[1]].lower() in lex.pronouns


def _source_of(a: Attribution, text: str, lex: Lexicon) -> tuple[Span, str, bool]:
    span = (a.start, a.end)
    return span, a.cue, a.pronoun or _is_pronoun(text, span, lex)


def _subject_of(text: str, start: int, end: int, lex: Lexicon,
                has_finite_verb: Callable[[int, int], bool] | None) -> Span | None:
    """The person- or body-like subject of the clause ``text[start:end]``: before its first
    verb, or, with no verb, the noun phrase that ends it ("Dans sa déclaration, le sommet
    « condamne … »": the quotation holds the verb)."""
    clause_start = clause_start_of(text, start, end, lex)
    for b in re.finditer(r"[;:«»“”]", text[clause_start:end]):
        clause_start += b.end()
    subject = sentence_subject(text, clause_start, end, lex, has_finite_verb, strict=True)
    if subject is not None:
        return subject
    if first_verb_at(text, clause_start, end, lex, has_finite_verb) is not None:
        return None
    found = subject_before(text, clause_start, end, lex, has_finite_verb)
    if found is None or found[1]:
        return None
    span = found[0]
    return span if human_like(text[span[0]:span[1]], lex, strict=True) else None


def _inferred_speaker(text: str, q: QuoteMarks, sentence: Span, previous: Span | None,
                      attributions: list[Attribution], speakers_before: list[Quotation],
                      lex: Lexicon, has_finite_verb: Callable[[int, int], bool] | None
                      ) -> tuple[tuple[Span, str, bool], str] | None:
    """The speaker of a quotation with no cue next to its marks, from its sentence or the
    one before: a quotation inside or right after a sentence whose source or subject is a
    person or a body belongs to that source ("Selon elle, cette décision « … »", "Le
    parti a réclamé un scrutin « … »", "X a annoncé son retrait. « … »"). Returns the
    speaker and how it was found."""
    own = [a for a in _starting_in(attributions, sentence[0], q.open_at)
           if a.end <= q.open_at and a.kind != "document"]
    if own:
        return _source_of(max(own, key=lambda a: a.end), text, lex), "sentence_source"
    lead = text[sentence[0]:q.open_at].strip(SPACES)
    if lead and not lex.continuation_intro_re.match(lead):
        subject = _subject_of(text, sentence[0], q.open_at, lex, has_finite_verb)
        if subject is None:
            return None
        return (subject, "", _is_pronoun(text, subject, lex)), "sentence_subject"
    if previous is None:
        return None
    previous = (max(previous[0], previous[1] - SPEAKER_WINDOW), previous[1])
    before = [a for a in _starting_in(attributions, previous[0], previous[1])
              if a.kind != "document"]
    if before:
        return _source_of(min(before, key=lambda a: a.start), text, lex), "previous_sentence"
    quoted = [p for p in speakers_before[-8:] if p.speaker is not None and p.kind == "direct"
              and previous[0] <= p.marks.open_at < previous[1]]
    last_speaker = quoted[-1].speaker if quoted else None
    if last_speaker is not None:
        return (last_speaker, quoted[-1].cue or "", quoted[-1].pronoun is not None), \
            "previous_sentence"
    subject = _subject_of(text, previous[0], previous[1], lex, has_finite_verb)
    if subject is None:
        return None
    return (subject, "", _is_pronoun(text, subject, lex)), "previous_sentence"


# A passive between the subject and the quotation: "X a été qualifié de « … »" is said
# of X, not by X.
_PASSIVE_RE = re.compile(r"(?<![\w'’-])(?:été|être|est|sont|était|étaient|been|was|were|is|are)"
                         r"\s+\w+(?:é|ée|és|ées|ed)(?![\w'’-])", re.IGNORECASE)


# How far before a partial quotation its verb may stand ("ont réclamé l'organisation d'un
# nouveau scrutin « … »").
_PARTIAL_VERB_WINDOW = 160


def _partial_speaker(text: str, q: QuoteMarks, sentence: Span, attributions: list[Attribution],
                     lex: Lexicon, has_finite_verb: Callable[[int, int], bool] | None
                     ) -> tuple[tuple[Span, str, bool], str] | None:
    """The speaker of a few quoted words that borrow a source's own words inside a sentence
    attributed to that source: "Selon lui, la situation exige un « redéploiement rapide »",
    "Plusieurs partis, dont le parti Z, ont réclamé un scrutin « transparent »". Only the
    quotation's own sentence counts (a short quotation is otherwise the writer's framing);
    the subject of a reporting verb after a "selon" wins over it ("Selon l'agence, le
    président a « fermement condamné » l'attaque": the president's words)."""
    own = [a for a in _starting_in(attributions, sentence[0], q.open_at)
           if a.end <= q.open_at and a.kind != "document"]
    source = max(own, key=lambda a: a.end) if own else None
    lead = text[sentence[0]:q.open_at].strip(SPACES)
    subject = None
    # The verb stands near the quoted words; looking for it first spares the subject search
    # (a scan of the clause) for the many short quotations that have none.
    near = max(sentence[0], q.open_at - _PARTIAL_VERB_WINDOW)
    if lead and not lex.continuation_intro_re.match(lead) and any(
            lex.cue_re.fullmatch(w) or lex.partial_verb_re.fullmatch(w)
            for w in re.findall(r"[\w'’-]+", text[near:q.close_at])):
        subject = _subject_of(text, sentence[0], q.open_at, lex, has_finite_verb)
    if subject is not None and (source is None or subject[0] >= source.end) \
            and not _PASSIVE_RE.search(text, subject[1], q.open_at):
        # the verb may stand inside the quoted words: "a « fermement condamné »"
        verbs = [w for w in re.findall(r"[\w'’-]+", text[subject[1]:q.close_at])
                 if lex.cue_re.fullmatch(w) or lex.partial_verb_re.fullmatch(w)]
        if verbs:
            return (subject, verbs[0], _is_pronoun(text, subject, lex)), "sentence_subject"
    if source is not None:
        return _source_of(source, text, lex), "sentence_source"
    return None  # "la presse parle de « terroristes »": the writer's framing


# "qualifié de « fuite » par Damas", "décrit comme « X » par", "called a 'retreat' by":
# a participle of judging before the quoted words, the agent after them.
_JUDGED_BEFORE = re.compile(r"(?:[\w-]+(?:é|ée|és|ées|ed)|décrite?s?|dite?s?|perçue?s?|"
                            r"called|branded|dubbed|described)\s+"
                            r"(?:(?:de|d['’]|comme|as|a|an|une?|the)\s*)?$", re.IGNORECASE)
_AGENT_AFTER = re.compile(r"[\s\u00a0\u202f]*(?:par|by)[\s\u00a0\u202f]+", re.IGNORECASE)


def _agent_speaker(text: str, q: QuoteMarks, sentence_end: int, lex: Lexicon
                   ) -> tuple[tuple[Span, str, bool], str] | None:
    """The speaker of a few quoted words judged by an agent named after them: "le retrait,
    qualifié de « fuite » par Damas" (Damas's word), "a move called a 'retreat' by
    Moscow"."""
    before = _JUDGED_BEFORE.search(text, max(0, q.open_at - 40), q.open_at)
    agent = _AGENT_AFTER.match(text, q.close_at + 1, sentence_end)
    if before is None or agent is None:
        return None
    phrase = phrase_after(text, agent.end(), sentence_end, lex)
    if phrase is None or not human_like(text[phrase[0]:phrase[1]], lex, strict=True):
        return None
    cue = before.group(0).split()[0]
    return (phrase, cue, _is_pronoun(text, phrase, lex)), "agent"


def _speaker_in_next_sentence(text: str, q: QuoteMarks, sentence: Span, following: Span | None,
                              lex: Lexicon,
                              has_finite_verb: Callable[[int, int], bool] | None
                              ) -> tuple[Span, str, bool] | None:
    """The speaker of a quotation that is a sentence of its own, named by the next sentence
    pointing back at it ("« … » C'est par ces mots que le ministre a clos la séance.")."""
    if following is None or text[sentence[0]:q.open_at].strip(SPACES) or \
            text[q.close_at + 1:sentence[1]].strip(SPACES + ".!?…") or \
            "\n" in text[sentence[1]:following[0]]:
        return None
    start, end = following
    for regex in lex.cataphoric_subject_res:
        m = regex.match(text, start, end)
        if m:
            subject = _subject_of(text, m.end(), end, lex, has_finite_verb)
            if subject is not None:
                return subject, text[m.start():m.end()].strip(), _is_pronoun(text, subject, lex)
    for regex in lex.cataphoric_phrase_res:
        m = regex.match(text, start, end)
        if m:
            phrase = phrase_after(text, m.end(), end, lex, skip_adjuncts=False)
            if phrase is not None and human_like(text[phrase[0]:phrase[1]], lex):
                return phrase, text[m.start():m.end()].strip(), _is_pronoun(text, phrase, lex)
    return None


def _starting_in(attributions: list[Attribution], start: int, end: int) -> list[Attribution]:
    """The attributions (sorted by start) that start in ``[start, end)``, by bisection."""
    lo = bisect.bisect_left(attributions, start, key=lambda a: a.start)
    hi = bisect.bisect_left(attributions, end, key=lambda a: a.start)
    return attributions[lo:hi]


def _is_title(text: str, q: QuoteMarks, lex: Lexicon) -> bool:
    """Whether the quotation names a work or an operation ("son livre « … »")."""
    return lex.title_noun_re.search(text, max(0, q.open_at - 40), q.open_at) is not None


def _colon_subject(text: str, q: QuoteMarks, sentence_start: int, lex: Lexicon,
                   has_finite_verb: Callable[[int, int], bool] | None
                   ) -> tuple[Span, str, bool] | None:
    """Speaker of a quotation introduced by a colon without a reporting verb: the subject
    of the clause before the colon ("Le ministre a été clair : « … »", "Le général a décrit
    la situation : « … »")."""
    before = text[sentence_start:q.open_at].rstrip(SPACES)
    if not before.endswith(":"):
        return None
    colon = sentence_start + len(before) - 1
    start = clause_start_of(text, sentence_start, colon, lex)
    subject = sentence_subject(text, start, colon, lex, has_finite_verb, strict=True)
    if subject is None:
        return None
    return subject, ":", text[subject[0]:subject[1]].lower() in lex.pronouns


def _nested(text: str, outer: Quotation, lex: Lexicon) -> list[Quotation]:
    """Quotations inside a quotation ("« Le commandant nous a dit ‹ tirez › »"), with the
    speaker named before them inside the outer quotation, or none."""
    out = []
    inner_text = text[outer.marks.start:outer.marks.end]
    for inner in find_quotations(inner_text):
        base = outer.marks.start
        marks = QuoteMarks(open_at=base + inner.open_at, close_at=base + inner.close_at,
                           start=base + inner.start, end=base + inner.end, mark=inner.mark)
        if word_count(text[marks.start:marks.end]) <= SCARE_MAX_WORDS:
            continue
        found = _speaker_before(text, marks, outer.marks.start, lex, adjacent_only=True)
        if found is None or found[2]:
            out.append(Quotation(marks, "direct", nested=True))
        else:
            out.append(Quotation(marks, "direct", found[0], found[1], nested=True))
    return out


def direct_quotations(article: Article, lex: Lexicon) -> list[Quotation]:
    """Quotations of the article with speakers found from cues around them."""
    text = article.text
    has_finite_verb = finite_verb_checker(article)
    sentences = sentence_spans(article)
    marks = find_quotations(text)
    attributions = all_attributions(text, sentences, [(q.start, q.end) for q in marks], lex,
                                    has_finite_verb)
    out: list[Quotation] = []
    for q in marks:
        sentence = enclosing(sentences, q.open_at) or (q.open_at, q.close_at + 1)
        last = enclosing(sentences, q.close_at) or sentence
        # Cues and speakers stand near the marks: looking no further than SPEAKER_WINDOW
        # characters keeps a run-on "sentence" of thousands of quotations linear.
        first = (max(sentence[0], q.open_at - SPEAKER_WINDOW), sentence[1])
        short = word_count(text[q.start:q.end]) <= SCARE_MAX_WORDS
        found = _speaker_after(text, q, min(last[1], q.close_at + SPEAKER_WINDOW), lex, short)
        if found is None and out and (_continues(text, out[-1], q)
                                      or _continues_paragraph(text, out[-1], q) or (
                out[-1].speaker is not None and out[-1].kind == "direct"
                and enclosing(sentences, out[-1].marks.open_at) == sentence)):
            # “…,” she said. “…”: a quotation right after an attributed one, with nothing
            # but that attribution between them, has the same speaker.
            prev = out[-1]
            out.append(Quotation(q, "direct", prev.speaker, None, prev.pronoun,
                                 continued=True))
            continue
        # A short quote right after its cue is a quotation only when introduced by a colon
        # ("a répondu : « Non »"); "a jugé « peu probable »" is the writer's framing.
        if found is None and (not short or text[first[0]:q.open_at].rstrip(SPACES).endswith(":")):
            found = _speaker_before(text, q, first[0], lex, adjacent_only=True)
        if found is None and not text[first[0]:q.open_at].strip(SPACES):
            # 'As ABC reported on Friday:' then the quotation as a new sentence or paragraph.
            before = bisect.bisect_right(sentences, (first[0], -1)) - 1
            previous = sentences[before] if before >= 0 and sentences[before][1] <= first[0] \
                else None
            if previous and text[previous[0]:previous[1]].rstrip(SPACES).endswith(":"):
                found = _speaker_before(text, q, previous[0], lex, adjacent_only=False)
        if found is None and not short:
            found = _speaker_before(text, q, first[0], lex, adjacent_only=False)
        if found is None:
            found = _colon_subject(text, q, first[0], lex, has_finite_verb)
        if found is None and short:
            partial = None if _is_title(text, q, lex) else (
                _agent_speaker(text, q, sentence[1], lex)
                or _partial_speaker(text, q, first, attributions, lex, has_finite_verb))
            if partial is None:
                out.append(Quotation(q, "scare"))
            else:
                (span, cue, is_pronoun), how = partial
                out.append(Quotation(q, "partial", span, cue or None,
                                     span if is_pronoun else None, inferred=how))
            continue
        if found is None and _is_title(text, q, lex):
            out.append(Quotation(q, "title"))
            continue
        inferred = None
        if found is None:
            index = bisect.bisect_right(sentences, (sentence[0], len(text))) - 1
            previous = sentences[index - 1] if index >= 1 and sentences[index] == sentence \
                else None
            guess = _inferred_speaker(text, q, first, previous, attributions, out, lex,
                                      has_finite_verb)
            if guess is not None:
                found, inferred = guess
            else:
                following = sentences[index + 1] if 0 <= index < len(sentences) - 1 and \
                    sentences[index] == sentence else None
                found = _speaker_in_next_sentence(text, q, first, following, lex,
                                                  has_finite_verb)
                inferred = "next_sentence" if found is not None else None
        if found is None:
            out.append(Quotation(q, "direct", reason="no_cue_or_subject"))
            continue
        span, cue, is_pronoun = found
        out.append(Quotation(q, "direct", span, cue or None, span if is_pronoun else None,
                             inferred=inferred))
    nested = [n for quotation in out if quotation.kind == "direct"
              for n in _nested(text, quotation, lex)]
    return sorted(out + nested, key=lambda quotation: quotation.marks.open_at)


class QuotesStage(Stage):
    name = "quotes"
    requires = ()
    uses = ("layers.entities", "layers.sentences", "scratch.doc")
    assigns = ("layers.quotes",)
    prunes = ("layers.quotes",)

    def __init__(self, default_language: str = "fr") -> None:
        self.default_language = default_language

    def process(self, article: Article) -> None:
        lex = load_lexicon(str(article.meta.get("language") or self.default_language))
        text = article.text
        quotations = direct_quotations(article, lex)
        quote_spans = [(q.marks.start, q.marks.end) for q in quotations]
        # Indirect-speech sources are antecedents too ("X a déclaré que … « … », a-t-il dit").
        antecedents = sorted((Antecedent(a.start, a.end, text[a.start:a.end], "named_person",
                                         None)
                              for a in all_attributions(text, sentence_spans(article),
                                                        quote_spans, lex,
                                                        finite_verb_checker(article))
                              if not a.pronoun and a.kind != "document"),
                             key=lambda a: a.end)  # sorted by end: see resolve_pronoun
        annotations = []
        for q in quotations:
            attrs: dict[str, Any] = {"kind": q.kind, "speaker": None, "speaker_start": None,
                                     "speaker_end": None, "speaker_id": None, "cue": q.cue}
            speaker = q.speaker
            if q.continued:
                attrs["speaker_from_previous_quote"] = True
            if q.nested:
                attrs["nested"] = True  # a quotation reported inside another one
            if q.inferred is not None:
                attrs["speaker_inferred"] = q.inferred
            if q.pronoun is not None and text[q.pronoun[0]:q.pronoun[1]].lower() in \
                    lex.impersonal_pronouns:
                pass  # "a-t-on indiqué": an unnamed source, never resolved
            elif q.pronoun is not None:
                ante = resolve_pronoun(q.pronoun[0], antecedents, article, lex,
                                       pronoun=text[q.pronoun[0]:q.pronoun[1]])
                attrs["speaker_resolved_from"] = text[q.pronoun[0]:q.pronoun[1]]
                attrs["pronoun_start"], attrs["pronoun_end"] = q.pronoun
                if ante is not None:
                    speaker = (ante.start, ante.end)
            if speaker is not None and q.pronoun is None and \
                    lex.anaphoric_head_re.match(text[speaker[0]:speaker[1]]):
                named = named_organisation_before(speaker[0], antecedents, article, lex)
                if named is not None:
                    # "…, a poursuivi l'organisation": the organisation named earlier.
                    attrs["speaker_anaphor"] = text[speaker[0]:speaker[1]]
                    attrs["anaphor_start"], attrs["anaphor_end"] = speaker
                    speaker = (named.start, named.end)
            if speaker is not None:
                attrs["speaker"] = text[speaker[0]:speaker[1]]
                attrs["speaker_start"], attrs["speaker_end"] = speaker
                ent = naming_entity(article, *speaker)
                attrs["speaker_id"] = ent.attrs.get("id") if ent is not None else None
                if q.pronoun is None:
                    bisect.insort(antecedents, Antecedent(speaker[0], speaker[1],
                                                          attrs["speaker"], "named_person",
                                                          attrs["speaker_id"]),
                                  key=lambda a: a.end)
            elif q.kind == "direct":
                # Speaker-less quotations are the exception: say why.
                attrs.setdefault("no_speaker_reason", q.reason or (
                    "nested_without_cue" if q.nested else "no_cue_or_subject"))
            annotations.append(Annotation(q.marks.start, q.marks.end, "quote", attrs, "rules"))
        article.set_layer("quotes", annotations)


@dataclass(frozen=True)
class QuotesOptions:
    """Options of ``[stages.quotes]`` (defaults in default.toml)."""

    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the rule-based quotes stage (option ``default_language``)."""
    opts = options_of(QuotesOptions, options, "quotes")
    return QuotesStage(default_language=opts.default_language)
