"""The claims stage: check-worthy statements and who they are attributed to.

A claim is a sentence of a body paragraph (when the ``segments`` layer exists; titles,
captions, credits, "Lire aussi" links and boilerplate never) that asserts an event, a
figure, a cause, an intention or a fact about a named entity — questions, very short
sentences, calls ("a appelé à"), hypotheses ("Si …") and verification caveats are not.

Label ``claim``; the span is the sentence. Attrs: ``attribution`` (``named``,
``anonymous``, ``unattributed`` — the outlet's own voice), ``hedged``, ``certainty_marker``,
``unsourced_assertion`` (unattributed with a certainty marker), ``source`` (index into the
``sources`` layer or null), and ``entities``, ``places``, ``times``, ``figures``: indices of
those layers' annotations inside the sentence. A sentence inside a direct quotation is
attributed to the quotation's speaker. Per-article counts go to ``meta["who_says_so"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..intervals import overlap_length
from ..model import Annotation, Article
from ..sentences import sentence_spans
from ..stage import Stage
from ..stage_options import options_of
from ..who_says_so.lexicon import Lexicon, load_lexicon
from ..who_says_so.speakers import attribution_of
from ..who_says_so.text import Span, SpanIndex, word_count
from .sources import CITING_CUES

LINKED_LAYERS = ("entities", "places", "times", "figures")
EXCLUDED_SEGMENTS = {"title", "caption", "credit", "related", "boilerplate", "source", "rubric"}
_CAPITALISED_INSIDE_RE = re.compile(r"(?<=[\w,;:]\s)[A-ZÀ-Ý][\w'’-]+")


def body_sentences(article: Article) -> list[Span]:
    """Sentences inside body paragraphs (all sentences when there is no segments layer)."""
    sentences = sentence_spans(article)
    segments = article.layer("segments")
    if not segments:
        return sentences
    paragraphs = [(s.start, s.end) for s in segments if s.label == "paragraph"]
    return [sp for sp in sentences
            if any(overlap_length(sp, p) >= (sp[1] - sp[0]) / 2 for p in paragraphs)]


def is_check_worthy(text: str, span: Span, article: Article, lex: Lexicon,
                    attributed: bool) -> bool:
    """Whether a sentence states something a fact-checker could verify."""
    sentence = text[span[0]:span[1]].strip()
    if sentence.rstrip("»”\" ").endswith("?") or word_count(sentence) < int(
            lex.data.get("claims", {}).get("min_words", 5)):
        return False
    # A caveat or call excludes the sentence only when it is what the sentence is about
    # (it comes early), not when it trails a claim: "X said 30 died, a figure that could
    # not be verified".
    caveat = lex.non_claim_re.search(sentence)
    if caveat and word_count(sentence[:caveat.start()]) <= 8:
        return False
    call = next((m for r in lex.call_res if (m := r.search(sentence))), None)
    if call and word_count(sentence[:call.start()]) <= 8:
        return False  # "Il a appelé les alliés à …": a call, not a statement of fact
    if lex.hypothesis_re.match(sentence.lstrip("«“\" ")):
        return False
    if not re.search(r"[.!?…»”\")]$", sentence) and word_count(sentence) < 10:
        return False  # a heading or a fragment, not a statement
    has_figure = bool(re.search(r"\d", sentence) or lex.figure_word_re.search(sentence))
    has_event = bool(lex.event_re.search(sentence))
    if sentence.endswith("!") and not (has_figure or has_event):
        return False
    index = _indexes(article)
    has_entity = bool(index["entities"].overlapping(*span)) or \
        bool(_CAPITALISED_INSIDE_RE.search(sentence))
    hedged = bool(index["hedges"].overlapping(*span))
    return (has_figure or has_event or has_entity or attributed or hedged
            or bool(lex.causal_re.search(sentence)) or bool(lex.intention_re.search(sentence)))


_INDEX_KEY = "claims_span_indexes"


def _scope(s: Annotation) -> Span:
    scope_start, scope_end = s.attrs.get("scope_start"), s.attrs.get("scope_end")
    return (s.start if scope_start is None else int(scope_start),
            s.end if scope_end is None else int(scope_end))


def _indexes(article: Article) -> dict[str, SpanIndex]:
    """Span indexes of the layers a sentence is checked against, built once per article
    (kept in scratch while the claims stage runs), so that the stage stays linear."""
    cached = article.scratch.get(_INDEX_KEY)
    if cached is None:
        layers = {name: article.layer(name) for name in ("entities", "hedges", "quotes")}
        cached = {name: SpanIndex([(a.start, a.end, i) for i, a in enumerate(anns)])
                  for name, anns in layers.items()}
        sources = article.layer("sources")
        cached["sources"] = SpanIndex([(s.start, s.end, i) for i, s in enumerate(sources)])
        cached["scopes"] = SpanIndex([(*_scope(s), i) for i, s in enumerate(sources)])
        for layer in LINKED_LAYERS:
            if layer not in cached:
                cached[layer] = SpanIndex([(a.start, a.end, i)
                                           for i, a in enumerate(article.layer(layer))])
        by_speaker: dict[tuple[Any, Any], int] = {}
        by_scope: dict[tuple[Any, Any], int] = {}
        for i, s in enumerate(sources):
            by_speaker.setdefault((s.start, s.end), i)
            by_scope.setdefault((s.attrs.get("scope_start"), s.attrs.get("scope_end")), i)
        cached["_speaker"], cached["_scope"] = by_speaker, by_scope  # type: ignore[assignment]
        article.scratch[_INDEX_KEY] = cached
    return cached  # type: ignore[no-any-return]


def attribute(span: Span, article: Article) -> int | None:
    """Index in ``sources`` of the source a sentence is attributed to, or None."""
    sources = article.layer("sources")
    quotes = article.layer("quotes")
    index = _indexes(article)
    by_speaker: dict[tuple[Any, Any], int] = index["_speaker"]  # type: ignore[assignment]
    by_scope: dict[tuple[Any, Any], int] = index["_scope"]  # type: ignore[assignment]
    length = max(1, span[1] - span[0])
    # 1. Inside a direct quotation: the quotation's speaker.
    for _, _, qi in index["quotes"].overlapping(*span):
        q = quotes[qi]
        if q.attrs.get("kind") == "direct" and overlap_length(span, (q.start, q.end)) >= 0.4 * length:
            # The source whose scope is the quotation, or that sits at the speaker's (or the
            # pronoun's) span; the earliest such source, as a scan of the layer would find.
            candidates = [i for i in (by_scope.get((q.start, q.end)),
                                      by_speaker.get((q.attrs.get("speaker_start"),
                                                      q.attrs.get("speaker_end"))),
                                      by_speaker.get((q.attrs.get("pronoun_start"),
                                                      q.attrs.get("pronoun_end"))))
                          if i is not None]
            if candidates:
                return min(candidates)
    # 2. A source named in the sentence whose scope is (part of) this sentence; a source
    # the other one cites ("X reported …, citing U.S. officials") only when alone.
    best: tuple[int, int, int] | None = None
    nearby = sorted({i for _, _, i in index["sources"].inside(*span)}
                    | {i for _, _, i in index["scopes"].overlapping(*span)})
    for i in nearby:
        s = sources[i]
        scope = _scope(s)
        inside = span[0] <= s.start and s.end <= span[1]
        covered = overlap_length(span, scope)
        if (inside and covered > 0) or covered >= 0.5 * length:
            cited = str(s.attrs.get("cue") or "").lower() in CITING_CUES
            key = (int(not cited), covered, -i)
            if best is None or key > best:
                best = key
    return -best[2] if best is not None else None


class ClaimsStage(Stage):
    name = "claims"
    requires = ("layers.sources", "layers.hedges", "layers.quotes", "layers.entities")
    # Without segments every sentence is body text; the fact layers are linked when there.
    uses = ("layers.segments", "layers.sentences", "scratch.doc", "layers.places",
            "layers.times", "layers.figures")
    assigns = ("layers.claims", "meta.who_says_so")
    prunes = ("layers.claims",)

    def __init__(self, default_language: str = "fr") -> None:
        self.default_language = default_language

    def process(self, article: Article) -> None:
        lex = load_lexicon(str(article.meta.get("language") or self.default_language))
        article.scratch.pop(_INDEX_KEY, None)  # built afresh from this article's layers
        text = article.text
        sources = article.layer("sources")
        hedges = article.layer("hedges")
        claims = []
        for span in body_sentences(article):
            source = attribute(span, article)
            if not is_check_worthy(text, span, article, lex, source is not None):
                continue
            attribution = "unattributed" if source is None else attribution_of(
                sources[source].label)
            inside = [hedges[i] for _, _, i in _indexes(article)["hedges"].overlapping(*span)]
            hedged = any(h.label == "hedge" for h in inside)
            certain = any(h.label == "certainty" for h in inside)
            attrs: dict[str, Any] = {
                "attribution": attribution, "hedged": hedged, "certainty_marker": certain,
                "unsourced_assertion": attribution == "unattributed" and certain,
                "source": source,
            }
            for layer in LINKED_LAYERS:
                attrs[layer] = sorted(i for _, _, i in _indexes(article)[layer].inside(*span))
            claims.append(Annotation(span[0], span[1], "claim", attrs, "rules"))
        article.scratch.pop(_INDEX_KEY, None)
        article.set_layer("claims", claims)
        article.meta["who_says_so"] = who_says_so_counts(claims)


def who_says_so_counts(claims: list[Annotation]) -> dict[str, Any]:
    """The per-article counts and shares of ``meta["who_says_so"]``."""
    n = len(claims)

    def count(pred: Any) -> int:
        return sum(1 for c in claims if pred(c.attrs))

    counts: dict[str, Any] = {
        "claims": n,
        "unattributed": count(lambda a: a["attribution"] == "unattributed"),
        "anonymous": count(lambda a: a["attribution"] == "anonymous"),
        "named": count(lambda a: a["attribution"] == "named"),
        "hedged": count(lambda a: a["hedged"]),
        "certainty": count(lambda a: a["certainty_marker"]),
        "unsourced_assertions": count(lambda a: a["unsourced_assertion"]),
    }
    for key in ("unattributed", "anonymous", "hedged"):
        # A share of no claims is undefined: null, not 0.
        counts[f"{key}_share"] = round(counts[key] / n, 3) if n else None
    return counts


@dataclass(frozen=True)
class ClaimsOptions:
    """Options of ``[stages.claims]`` (defaults in default.toml)."""

    default_language: str


def make_stage(options: dict[str, Any]) -> Stage:
    """Build the rule-based claims stage (option ``default_language``)."""
    opts = options_of(ClaimsOptions, options, "claims")
    return ClaimsStage(default_language=opts.default_language)
