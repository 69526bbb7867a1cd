"""Filling an event record's slots from the layers other stages made.

Everything here reads annotations already in the article — entities (with their registry
type), places, times, figures, sources, quotes, hedges — and the cue lexicons; nothing is
re-extracted. Each function takes the record's sentence spans and returns JSON-able attrs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

from ..model import Annotation, Article
from .cues import CueLexicon

Span = tuple[int, int]

ACTOR_CATEGORIES = ("state_forces", "rebels", "political_militia", "identity_militia",
                    "rioters", "protesters", "civilians", "external_other")
# Registry entity types -> ACLED actor category.
_ENTITY_CATEGORY = {
    "armed_group": "rebels", "military": "state_forces", "government_body": "state_forces",
    "state": "state_forces", "intergovernmental_organisation": "external_other",
    "international_organisation": "external_other",
}
# Armed groups ACLED codes as political militias (state-aligned or party-aligned).
_MILITIA_IDS = {
    "unspin:armed_group:popular-mobilization-forces", "unspin:armed_group:kataeb-hezbollah",
    "unspin:armed_group:asaib-ahl-al-haq", "unspin:armed_group:harakat-al-nujaba",
    "unspin:armed_group:islamic-resistance-in-iraq", "unspin:armed_group:wagner-group",
    "unspin:armed_group:rapid-support-forces",
}
_LOCATIVE_RE = re.compile(r"(?<!\w)(?:en|au|aux|à|in|at|near|inside)\s+(?:l['’]\s*)?$",
                          re.IGNORECASE)
PLACE_PRECISION = {"site": 1, "city": 1, "town": 1, "village": 1, "district": 1,
                   "region": 2, "admin1": 2, "admin2": 2, "country": 3}
DATE_TYPES = {"DATE", "TIME"}


class LayerIndex:
    """The annotations of an article's layers sorted by start, so that finding those inside
    a sentence is a binary search, not a scan of the layer (an article with thousands of
    events and entities stays linear)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._sorted: dict[str, tuple[list[int], list[tuple[int, Annotation]]]] = {}

    def within(self, layer: str, span: Span) -> list[tuple[int, Annotation]]:
        """``(index in the layer, annotation)`` of the annotations inside ``span``."""
        if layer not in self._sorted:
            items = sorted(enumerate(self.article.layer(layer)), key=lambda p: p[1].start)
            self._sorted[layer] = ([a.start for _, a in items], items)
        starts, items = self._sorted[layer]
        out = []
        for k in range(bisect_left(starts, span[0]), bisect_left(starts, span[1])):
            if items[k][1].end <= span[1]:
                out.append(items[k])
        return out


def inside(span: Span, ann: Annotation) -> bool:
    return span[0] <= ann.start and ann.end <= span[1]


def _overlaps(span: Span, start: int, end: int) -> bool:
    return min(span[1], end) > max(span[0], start)


class _Mentions:
    """Non-overlapping mentions sorted by start: finding the one that overlaps a span, or
    that ends just before a position, is a binary search (a sentence with thousands of
    actor words stays linear)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[dict[str, Any]] = []

    def add(self, mention: dict[str, Any]) -> None:
        k = bisect_right(self.starts, mention["start"])
        self.starts.insert(k, mention["start"])
        self.items.insert(k, mention)

    def _last_before(self, position: int) -> int:
        return bisect_left(self.starts, position) - 1

    def overlapping(self, start: int, end: int) -> dict[str, Any] | None:
        k = self._last_before(end)  # the last one starting before ``end``
        while k >= 0:
            f = self.items[k]
            if _overlaps((f["start"], f["end"]), start, end):
                return f
            if f["end"] <= start:
                return None  # sorted and disjoint: none further back reaches ``start``
            k -= 1
        return None

    def ending_before(self, position: int) -> dict[str, Any] | None:
        """The mention ending at ``position`` or one character before it."""
        k = self._last_before(position)
        if k >= 0 and 0 <= position - self.items[k]["end"] <= 1:
            return self.items[k]
        return None


def actor_mentions(index: LayerIndex, span: Span, lex: CueLexicon,
                   trigger_start: int | None = None) -> list[dict[str, Any]]:
    """Actor mentions in a sentence, in text order: actor words of the cue lexicon
    ("l'armée", "des hommes armés") — a demonym right after one names its country
    ("l'armée russe" → Russia) — then registry entities with a known type that no actor
    word covers. A capital standing for its state counts only as a sentence's subject
    ("Washington a promis…", not "un hôtel de Mogadiscio"), a state after "en"/"in" never.
    Who reports is not who acts: "selon X" never is an actor, and the subject of a
    reporting verb ("Les autorités affirment que des assaillants ont attaqué…") only when
    no one else is named up to the trigger (``trigger_start``; the whole sentence without
    it): "Le Pentagone a annoncé que ses effectifs passeront…" announces its own move.
    """
    text = index.article.text
    sentence = text[span[0]:span[1]]
    found = _Mentions()
    for category in ACTOR_CATEGORIES:
        for m in lex.find(f"actor_{category}", sentence):
            start, end = span[0] + m.start, span[0] + m.end
            while end < span[1] and (text[end].isalnum() or text[end] in "-'’"):
                end += 1  # the whole word: "soldat" -> "soldats"
            if found.overlapping(start, end) is not None:
                continue
            found.add({"text": text[start:end], "start": start, "end": end, "id": None,
                       "name": None, "category": category})
    entities = [e for _, e in index.within("entities", span)
                if str(e.attrs.get("type") or "") in _ENTITY_CATEGORY]
    for ent in entities:
        etype, form = str(ent.attrs.get("type")), ent.attrs.get("form")
        if form == "demonym":
            head = found.ending_before(ent.start)
            if head is not None:
                head.update(end=ent.end, text=text[head["start"]:ent.end],
                            id=ent.attrs.get("id"), name=ent.attrs.get("name"))
                continue
        covering = found.overlapping(ent.start, ent.end)
        if covering is not None:
            if covering["id"] is None:  # the registry's link names the actor word
                covering.update(id=ent.attrs.get("id"), name=ent.attrs.get("name"))
            continue
        if etype == "state" and _LOCATIVE_RE.search(text[max(0, ent.start - 8):ent.start]):
            continue  # "en Irak", "in Iraq": where, not who
        if etype == "state" and not _states_subject(text, span, ent.start, lex):
            continue  # "la frontière syrienne", "near the Syria-Iraq border": where, not who
        if form == "capital" and ent.start - span[0] > 2:
            continue
        category = "political_militia" if ent.attrs.get("id") in _MILITIA_IDS else \
            _ENTITY_CATEGORY[etype]
        found.add({"text": text[ent.start:ent.end], "start": ent.start, "end": ent.end,
                   "id": ent.attrs.get("id"), "name": ent.attrs.get("name"),
                   "category": category})
    return _drop_reporters(index, span, found.items, lex, trigger_start)


def _drop_reporters(index: LayerIndex, span: Span, found: list[dict[str, Any]],
                    lex: CueLexicon, trigger_start: int | None) -> list[dict[str, Any]]:
    """The mentions less those that only report (see :func:`actor_mentions`)."""
    sources = [a for _, a in index.within("sources", span)]
    source_spans = _merged_spans([(a.start, a.end) for a in sources])
    # "selon X" found by the sources stage: its cue says it only reports
    cited_spans = _merged_spans([(a.start, a.end) for a in sources
                                 if lex.has("source_cue", str(a.attrs.get("cue") or ""))])
    reporting = [f for f in found if _is_source(index, span, f, lex, source_spans, cited_spans)]
    reported = {id(f) for f in reporting}
    acting = [f for f in found if id(f) not in reported]
    own_move = [f for f in reporting if not f.pop("cited", False)]
    for f in reporting:
        f.pop("cited", None)
    limit = span[1] if trigger_start is None else trigger_start
    if any(f["start"] <= limit and f["category"] != "civilians" for f in acting):
        return acting
    return sorted(acting + own_move, key=lambda f: f["start"])


# between a target word and whose it is: "l'ambassade américaine", "the US embassy"
# (the owner before: not handled), "l'ambassade des États-Unis", "the embassy of Iraq"
_OWNER_GAP_RE = re.compile(r"\w*\s*(?:(?:of|de|des|du|d['’])\s*)?(?:(?:the|la|le|l['’])\s*)?")
_SUBJECT_LEAD_RE = re.compile(
    r"(?:(?:and|et|mais|but|while|tandis que|alors que)\b\s*)?(?:(?:la|le|l['’]|les|the)\s*)?",
    re.IGNORECASE)


def _states_subject(text: str, span: Span, start: int, lex: CueLexicon) -> bool:
    """Whether a state (or its demonym) not attached to an actor word acts in the
    sentence: as its subject ("Israël a frappé", "Mardi, la Turquie a bombardé") or its
    agent ("par la Russie"), or as the owner of the target ("l'ambassade américaine",
    which ``choose_actors`` makes actor 2); elsewhere it names where or whose ("le long
    de la frontière syrienne", "near the Syria-Iraq border")."""
    before = text[max(span[0], start - 40):start]
    low = before.lower()
    if lex.has("by", low[-8:]) or low.rstrip().endswith((" par", " by")) or \
            low.rstrip().endswith(("par la", "par le", "par l'", "by the")):
        return True
    if any(_OWNER_GAP_RE.fullmatch(low[m.end:]) for m in lex.find("target", low)):
        return True  # whose the target is ("l'ambassade américaine"): actor 2
    # a subject opens the sentence or the clause after its last comma: only the last 60
    # characters are looked at, so many states in one sentence stay linear
    window_start = max(span[0], start - 60)
    lead = text[window_start:start]
    if "," in lead:
        lead = lead[lead.rfind(",") + 1:]
    elif window_start > span[0]:
        return False
    return _SUBJECT_LEAD_RE.fullmatch(lead.strip()) is not None or not lead.strip()


_UNIDENTIFIED = "Unidentified armed group"


def _merged_spans(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping union of ``spans``."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _is_source(index: LayerIndex, span: Span, mention: dict[str, Any], lex: CueLexicon,
               source_spans: list[Span], cited_spans: list[Span],
               ) -> bool:
    """Whether a mention is who reports the event, not who takes part: inside a ``sources``
    phrase, or right after "selon" / "according to" (the source stage may have missed it).
    Marks an unnamed armed group the text calls unidentified on the way."""
    text = index.article.text
    around = text[mention["end"]:min(span[1], mention["end"] + 20)]
    if mention["id"] is None and mention["category"] == "political_militia" and (
            lex.has("unidentified", around) or lex.has("unidentified", mention["text"])):
        mention["name"] = _UNIDENTIFIED
    before = text[max(span[0], mention["start"] - 40):mention["start"]]
    cue = None
    for cue in lex.find("source_cue", before):
        pass  # the last cue before the mention
    # "selon le gouvernement régional": only articles and adjectives between
    if cue is not None and _CLAUSE_END_RE.search(before[cue.end:]) is None and \
            len(before[cue.end:].split()) <= 4:
        mention["cited"] = True
        return True
    if not _touches(source_spans, mention):
        return False
    if _touches(cited_spans, mention):
        mention["cited"] = True
    return True


def _touches(merged: list[Span], mention: dict[str, Any]) -> bool:
    """Whether the mention overlaps one of the ``merged`` spans (binary search)."""
    k = bisect_left(merged, (mention["end"], -1)) - 1  # the last span starting before its end
    return k >= 0 and _overlaps(merged[k], mention["start"], mention["end"])


def choose_actors(mentions: Sequence[dict[str, Any]], trigger_start: int,
                  article_text: str, lex: CueLexicon, target: dict[str, Any] | None = None,
                  ) -> tuple[dict[str, Any] | None, dict[str, Any] | None, bool]:
    """Actor 1 (who acts) and actor 2 (the other side or target) of one sentence.

    The agent after "par"/"by" is actor 1; otherwise the first non-civilian mention before
    the trigger, else the first one after it; actor 2 is the first other mention after the
    trigger (or after actor 1 when actor 1 follows the trigger), civilians welcome. The
    flag says whether actor 1 is the sentence's agent (False when it only follows the
    trigger, a weaker guess that a claimed perpetrator overrides). A side named after the
    trigger is actor 1 only in a clash ("ont opposé l'armée à …"): in "tuant trois
    soldats" the soldiers are victims. A mention inside the ``target`` phrase ("sur
    l'ambassade américaine") is on the receiving end: never actor 1, actor 2 first.
    """
    if target is not None:
        hit = [m for m in mentions if target["start"] <= m["start"] and m["end"] <= target["end"]]
        if hit:
            hit_ids = {id(m) for m in hit}
            rest_of = [m for m in mentions if id(m) not in hit_ids]
            actor1, actor2, agent = choose_actors(rest_of, trigger_start, article_text, lex)
            return actor1, hit[0], agent

    def after_by(m: dict[str, Any]) -> bool:
        before = article_text[max(0, m["start"] - 12):m["start"]].lower()
        return lex.has("by", before[-8:]) or before.rstrip().endswith((" par", " by"))

    agents = [m for m in mentions if after_by(m) and m["category"] != "civilians"]
    # the subject may be the trigger itself ("Un kamikaze s'est fait exploser", "Des
    # manifestants ont incendié"): a mention starting at or before the trigger counts
    before = [m for m in mentions if m["start"] <= trigger_start and m["category"] != "civilians"]
    actor1 = agents[0] if agents else (before[0] if before else None)
    agent = actor1 is not None
    if actor1 is None:
        # "De violents combats ont opposé l'armée à …": the first side named after
        sentence_end = max((m["end"] for m in mentions), default=trigger_start)
        clash = lex.has("clash", article_text[trigger_start:sentence_end])
        acting = [m for m in mentions if m["category"] != "civilians"] if clash else []
        actor1 = acting[0] if acting else None
        if actor1 is not None:
            trigger_start = actor1["end"]
    rest = [m for m in mentions if m is not actor1 and m["start"] >= trigger_start
            and (actor1 is None or m.get("id") is None or m.get("id") != actor1.get("id"))]
    actor2 = rest[0] if rest else None
    return actor1, actor2, agent


def target_of(index: LayerIndex, span: Span, trigger_end: int, lex: CueLexicon
              ) -> dict[str, Any] | None:
    """The attacked object after the trigger ("sur l'ambassade des États-Unis")."""
    article = index.article
    sentence = article.text[span[0]:span[1]]
    for m in lex.find("target", sentence):
        start, end = span[0] + m.start, span[0] + m.end
        if start < trigger_end:
            continue
        while end < span[1] and article.text[end].isalnum():
            end += 1
        # extend over a complement naming whose it is: "des États-Unis", "of the UN"
        for _, ent in index.within("entities", span):
            if 0 <= ent.start - end <= 8:
                end = ent.end
                break
        return {"text": article.text[start:end], "start": start, "end": end}
    return None


def best_place(index: LayerIndex, spans: Sequence[Span]) -> tuple[int | None, str | None]:
    """Index in ``places`` of the most precise place of the record's first sentence that
    has one (a city beats the country it is in), and its precision."""
    for span in spans:
        candidates = [(PLACE_PRECISION.get(str(p.label), 2), i)
                      for i, p in index.within("places", span)]
        if candidates:
            rank, position = min(candidates)
            return position, {1: "local", 2: "region", 3: "country"}[rank]
    return None, None


def best_date(index: LayerIndex, spans: Sequence[Span]) -> tuple[int | None, str | None]:
    """Index in ``times`` of the first date or time in the record's sentences, its value."""
    for span in spans:
        for i, t in index.within("times", span):
            if str(t.attrs.get("type") or t.label) in DATE_TYPES:
                return i, str(t.attrs.get("value") or "") or None
    return None, None


_CALENDAR_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar_day(value: str) -> str:
    """The YYYY-MM-DD day a TIMEX value starts with, "" for any other value ("2020-W44",
    "PRESENT_REF", "2019-10"): those must not be compared with a date as strings."""
    return value[:10] if _CALENDAR_DAY_RE.match(value) else ""


_CLAUSE_END_RE = re.compile(r"[,;:.()«»]|\s(?:et|and|mais|but|dont|including)\s")


def counts(index: LayerIndex, spans: Sequence[Span], lex: CueLexicon) -> dict[str, list[int]]:
    """Indices in ``figures`` of the killed, injured and arrested counts.

    The cue that says what happened to a figure's people is looked for first after it, up
    to the end of its clause ("sept personnes ont été tuées et une dizaine d'autres
    blessées": seven killed, ten injured), then before it, back to the start of its clause
    ("…, blessant trois civils", "killing 12").
    """
    out: dict[str, list[int]] = {"fatalities": [], "injured": [], "arrested": []}
    text = index.article.text
    cue_of = {"fatality": "fatalities", "injury": "injured", "arrest": "arrested"}
    for span, i, fig in [(s, i, f) for s in spans for i, f in index.within("figures", s)]:
        if fig.label not in {"count", "range"} or not counts_people(text, fig.end, lex):
            continue
        after = text[fig.end:min(span[1], fig.end + 80)]
        stop = _CLAUSE_END_RE.search(after)
        after = after[:stop.start()] if stop else after
        before = text[max(span[0], fig.start - 60):fig.start]
        stops = list(_CLAUSE_END_RE.finditer(before))
        before = before[stops[-1].end():] if stops else before
        slot = None
        for window, nearest_last in ((after, False), (before, True)):
            found = [(m.start, cue_of[cue]) for cue in cue_of for m in lex.find(cue, window)]
            if found:
                found.sort(reverse=nearest_last)
                slot = found[0][1]
                break
        if slot is not None:
            out[slot].append(i)
    return out


_LINK_WORD_RE = re.compile(r"(?:(?:d['’]|de |des |of |more |other |au moins )\s*)*")


def counts_people(text: str, figure_end: int, lex: CueLexicon) -> bool:
    """Whether the figure ending at ``figure_end`` counts people: its head noun is a word
    for people ("trois soldats", "d'autres civils", "trois morts") or a plural name of a
    people ("douze Maliens"), or it has no head ("tuant 12."). "Trois projectiles" or "5
    000 dollars" do not: only people die, are wounded or arrested.
    """
    tail = text[figure_end:figure_end + 60].lstrip()
    link = _LINK_WORD_RE.match(tail.lower())
    tail = tail[link.end():] if link else tail
    if not tail or not tail[0].isalpha():
        return True
    if tail[0].isupper():
        return True
    head = lex.first("people", tail)
    if head is not None and head.start == 0:
        return True
    return any(cue is not None and cue.start == 0
               for cue in (lex.first(name, tail) for name in ("fatality", "injury", "arrest")))


def total(article: Article, indices: Sequence[int]) -> int | None:
    """The sum of the counted figures (a range counts its lower bound), None when none."""
    figures = article.layer("figures")
    values = []
    for i in indices:
        attrs = figures[i].attrs
        value = attrs.get("value", attrs.get("min"))
        if isinstance(value, (int, float)):
            values.append(int(value))
    return sum(values) if values else None


def record_sources(article: Article, spans: Sequence[Span]) -> tuple[list[int], list[int]]:
    """Indices of the sources whose scope or phrase touches the record's sentences, and of
    the quotations inside them."""
    sources = []
    for i, s in enumerate(article.layer("sources")):
        scope = (int(s.attrs.get("scope_start", s.start) or s.start),
                 int(s.attrs.get("scope_end", s.end) or s.end))
        if any(_overlaps(span, *scope) or inside(span, s) for span in spans):
            sources.append(i)
    quotes = [i for i, q in enumerate(article.layer("quotes"))
              if any(_overlaps(span, q.start, q.end) for span in spans)]
    return sources, quotes
