"""The sources stage: who each statement is attributed to, and what kind of source it is.

One annotation per attribution; the span covers the source phrase and the label is its
type: ``named_person``, ``named_organisation``, ``media`` (news outlets, the outlet's own
"selon nos informations"), ``anonymous`` ("selon des sources sécuritaires", "officials
said") or ``document`` ("selon un rapport de l'ONU", "in a statement"). Attrs: ``source``
(the phrase, or for a pronoun the named source it stands for), ``source_id`` (canonical
entity id or null; for ``anonymous`` sources the id of the organisation they belong to
goes to ``affiliation_id``, for documents the author's id to ``author_id``), ``cue``,
``scope_start``/``scope_end`` (the attributed content), ``source_type`` (same as the label)
and, for pronouns, ``resolved_from``. The speakers of direct quotes are sources too (their
scope is the quotation), so that claims can link to them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from ..model import Annotation, Article
from ..sentences import sentence_spans, strip_span
from ..stage import Stage
from ..stage_options import options_of
from ..who_says_so.cues import Attribution, all_attributions
from ..who_says_so.lexicon import load_lexicon
from ..who_says_so.speakers import (
    Antecedent,
    classify_source,
    entity_at,
    naming_entity,
    resolve_pronoun,
    shipped_registry,
)
from ..who_says_so.text import (
    enclosing,
    finite_verb_checker,
    overlaps_sorted,
)


def quote_speaker_attributions(article: Article, inferred: bool = False
                               ) -> list[Attribution]:
    """The speakers of the ``quotes`` layer as attributions whose scope is the quotation:
    those named by a cue next to the marks, or (``inferred``) those found from the
    quotation's sentence or the one before it."""
    out = []
    for q in article.layer("quotes"):
        a = q.attrs
        if a.get("kind") != "direct" or a.get("nested"):
            continue  # a speaker quoted by another speaker is not the article's source
        if bool(a.get("speaker_inferred")) is not inferred:
            continue
        if a.get("pronoun_start") is not None:
            out.append(Attribution(int(a["pronoun_start"]), int(a["pronoun_end"]),
                                   str(a.get("cue") or ""), q.start, q.end, pronoun=True,
                                   kind="quote"))
        elif a.get("speaker_start") is not None:
            out.append(Attribution(int(a["speaker_start"]), int(a["speaker_end"]),
                                   str(a.get("cue") or ""), q.start, q.end, kind="quote"))
    return out


CITING_CUES = {"citing", "citant", "quoting", "qui cite", "qui citent"}


class SourcesStage(Stage):
    name = "sources"
    requires = ("layers.quotes",)
    uses = ("layers.entities", "layers.sentences", "scratch.doc")
    assigns = ("layers.sources",)
    prunes = ("layers.sources",)

    def __init__(self, default_language: str = "fr") -> None:
        self.default_language = default_language
        shipped_registry()  # loaded once here, not while processing

    def process(self, article: Article) -> None:
        lex = load_lexicon(str(article.meta.get("language") or self.default_language))
        text = article.text
        sentences = sentence_spans(article)
        quotes = [(q.start, q.end) for q in article.layer("quotes")
                  if q.attrs.get("kind") == "direct"]
        found: list[Attribution] = []
        taken: list[tuple[int, int]] = []
        # An inferred speaker ("X a annoncé son départ. « … »") is also the source of its
        # own sentence, whose cue attribution (scope: that sentence) is kept first.
        for a in quote_speaker_attributions(article) + all_attributions(
                text, sentences, quotes, lex, finite_verb_checker(article)) + \
                quote_speaker_attributions(article, inferred=True):
            if overlaps_sorted(a.start, a.end, taken):
                continue
            bisect.insort(taken, (a.start, a.end))
            found.append(a)
        for m in lex.self_reference_re.finditer(text):
            # "Lire aussi : …": the outlet refers to its own earlier reporting.
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            a = Attribution(m.start("cue"), m.end("cue"), m.group("cue"),
                            *strip_span(text, m.end(), line_end), kind="self_reference")
            if not overlaps_sorted(a.start, a.end, taken):
                bisect.insort(taken, (a.start, a.end))
                found.append(a)
        found.sort(key=lambda a: a.start)
        antecedents: list[Antecedent] = []
        annotations = []
        for a in found:
            phrase = text[a.start:a.end]
            sentence = enclosing(sentences, a.start)
            sentence_end = sentence[1] if sentence is not None else len(text)
            attrs: dict[str, Any] = {"source": phrase, "source_id": None,
                                     "cue": re.sub(r"\s+", " ", a.cue) or None,
                                     "scope_start": a.scope_start, "scope_end": a.scope_end}
            if phrase.lower() in lex.impersonal_pronouns or a.cue.lower() in \
                    lex.anonymous_prepositions:
                source_type = "anonymous"
                attrs["affiliation_id"] = None
            elif a.pronoun:
                ante = resolve_pronoun(a.start, antecedents, article, lex, pronoun=phrase)
                attrs["resolved_from"] = phrase
                if ante is not None:
                    attrs["source"], attrs["source_id"] = ante.text, ante.entity_id
                    source_type = ante.source_type
                else:  # no antecedent: an unidentified source, never a guessed person
                    attrs["source"] = None
                    attrs["unresolved"] = True
                    source_type = "anonymous"
            elif a.kind == "self_reference":
                source_type = "media"
            else:
                # The entity that names the source heads the phrase; one in an aside
                # ("The report, which was seen by Reuters") does not.
                ent = entity_at(article, a.start, a.start + len(phrase.split(",")[0]))
                whole = entity_at(article, a.start, a.end)
                if whole is not None and whole.label == "PER":
                    ent = whole  # "Le porte-parole de l'armée, Yehia Rasool": the person
                source_type = classify_source(phrase, text[a.end:sentence_end], lex, ent,
                                              prefer_person=a.kind == "quote")
                if a.kind == "document" and source_type != "media":
                    source_type = "document"
                if a.cue.lower() in CITING_CUES and not re.search(r"[A-ZÀ-Ý]", phrase) and \
                        source_type not in ("anonymous", "media"):
                    continue  # "citing satellite images": evidence, not a source
                linked = ent.attrs.get("id") if ent is not None else None
                # An anonymous source or a document is not the entity it mentions: the id
                # goes to ``affiliation_id`` ("un responsable du Hamas") or ``author_id``
                # ("un communiqué de l'armée"), and ``source_id`` stays null.
                if source_type == "anonymous":
                    attrs["affiliation_id"] = linked
                elif source_type == "document":
                    attrs["author_id"] = linked
                else:
                    named = naming_entity(article, a.start, a.end)
                    attrs["source_id"] = named.attrs.get("id") if named is not None else None
                bisect.insort(antecedents, Antecedent(a.start, a.end, phrase, source_type,
                                                      attrs["source_id"]),
                              key=lambda ante: ante.end)  # see resolve_pronoun
            attrs["source_type"] = source_type
            annotations.append(Annotation(a.start, a.end, source_type, attrs, "rules"))
        article.set_layer("sources", annotations)


@dataclass(frozen=True)
class SourcesOptions:
    """Options of ``[stages.sources]`` (defaults in default.toml)."""

    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the rule-based sources stage (option ``default_language``)."""
    opts = options_of(SourcesOptions, options, "sources")
    return SourcesStage(default_language=opts.default_language)
