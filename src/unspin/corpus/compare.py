"""One story, side by side per outlet: facts, sources, hedging, techniques, genre, frames.

``compare_story(articles)`` returns a JSON-able dict (the schema of ``unspin compare
--format json`` and ``/api/stories/{id}``): one column per outlet, and the disagreements
the analyst looks for first — a figure about the same thing given differently by two
outlets.

Figures are matched across outlets by what they count: the counted noun (``object``),
folded to a shared concept across French and English ("morts", "dead", "killed" → dead),
and the unit. Besides, each outlet's *lead figure* (the first figure of its first body
paragraph, what the story is told with) is compared across nouns that tell the same toll
("8 morts" / "killed 8 people"), never between different things (rockets and tankers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Annotation, Article
from ..techniques.explanations import family_of

# Counted nouns folded to one concept across French and English (singular, lower case).
CONCEPTS: dict[str, str] = {
    "mort": "dead", "dead": "dead", "tué": "dead", "killed": "dead", "victime": "dead",
    "death": "dead", "décès": "dead",
    "blessé": "injured", "injured": "injured", "wounded": "injured",
    "soldat": "soldiers", "soldier": "soldiers", "militaire": "soldiers",
    "civil": "civilians", "civilian": "civilians",
    "personne": "people", "people": "people", "habitant": "people", "resident": "people",
    "manifestant": "protesters", "protester": "protesters", "demonstrator": "protesters",
    "roquette": "rockets", "rocket": "rockets", "missile": "missiles",
    "drone": "drones", "otage": "hostages", "hostage": "hostages",
    "mineur": "miners", "miner": "miners", "migrant": "migrants",
    "disparu": "missing", "missing": "missing", "cas": "cases", "case": "cases",
    "docker": "dockers", "rendez-vous": "appointments", "appointment": "appointments",
    "hectare": "hectares", "tonne": "tonnes", "degré": "degrees", "degree": "degrees",
}
LOADED = ("Loaded_Language", "Name_Calling-Labeling")


def concept(obj: object) -> str | None:
    """The shared concept of a counted noun ("roquettes" → rockets), or the noun itself."""
    if not obj:
        return None
    word = str(obj).casefold().strip()
    for candidate in (word, word.removesuffix("s"), word.removesuffix("es")):
        if candidate in CONCEPTS:
            return CONCEPTS[candidate]
    return word


def figure_value(ann: Annotation) -> float | None:
    """A figure's single value (a range's midpoint), or None for vague ones."""
    value = ann.attrs.get("value")
    if isinstance(value, (int, float)):
        return float(value)
    low, high = ann.attrs.get("min"), ann.attrs.get("max")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        return (float(low) + float(high)) / 2
    return None


def _figure(article: Article, ann: Annotation) -> dict[str, Any]:
    return {"text": article.span_text(ann), "value": figure_value(ann),
            "unit": ann.attrs.get("unit"), "object": ann.attrs.get("object"),
            "concept": concept(ann.attrs.get("object")) if ann.attrs.get("unit") is None
            else str(ann.attrs.get("unit")), "approx": bool(ann.attrs.get("approx")),
            "article": article.id, "start": ann.start, "end": ann.end}


def lead_figure(article: Article) -> dict[str, Any] | None:
    """The first figure of the first body paragraph (else of the text), if any."""
    figures = [f for f in article.layer("figures") if figure_value(f) is not None
               and f.label != "ordinal"]
    paragraphs = [s for s in article.layer("segments") if s.label == "paragraph"]
    if paragraphs:
        first = paragraphs[0]
        inside = [f for f in figures if first.start <= f.start < first.end]
        if inside:
            return _figure(article, inside[0])
    return _figure(article, figures[0]) if figures else None


def _shares(articles: Sequence[Article]) -> dict[str, Any]:
    total = Counter[str]()
    for article in articles:
        summary = article.meta.get("who_says_so")
        if isinstance(summary, dict):
            for key in ("claims", "named", "anonymous", "unattributed", "hedged", "certainty",
                        "unsourced_assertions"):
                value = summary.get(key)
                if isinstance(value, int):
                    total[key] += value
    claims = total["claims"]

    def share(key: str) -> float | None:
        return round(total[key] / claims, 3) if claims else None

    return {"claims": claims, "named": total["named"], "anonymous": total["anonymous"],
            "unattributed": total["unattributed"], "hedged": total["hedged"],
            "asserted": claims - total["hedged"], "certainty": total["certainty"],
            "unsourced_assertions": total["unsourced_assertions"],
            "named_share": share("named"), "anonymous_share": share("anonymous"),
            "unattributed_share": share("unattributed"), "hedged_share": share("hedged")}


def _sources(articles: Sequence[Article]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], int] = {}
    for article in articles:
        for ann in article.layer("sources"):
            key = (ann.label, str(ann.attrs.get("source") or article.span_text(ann)))
            seen[key] = seen.get(key, 0) + 1
    return [{"type": t, "source": s, "count": n} for (t, s), n in
            sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))]


def outlet_column(outlet: str, articles: Sequence[Article]) -> dict[str, Any]:
    """Everything one outlet reports and how it tells it, over its articles of the story."""
    figures = [_figure(a, f) for a in articles for f in a.layer("figures")
               if f.label != "ordinal"]
    places = Counter(str(p.attrs.get("name") or a.span_text(p))
                     for a in articles for p in a.layer("places"))
    dates = Counter(str(t.attrs.get("value")) for a in articles for t in a.layer("times")
                    if t.label in ("DATE", "TIME") and t.attrs.get("value"))
    entities = Counter(str(e.attrs.get("name") or a.span_text(e))
                       for a in articles for e in a.layer("entities"))
    techniques = Counter(t.label for a in articles for t in a.layer("techniques")
                         if t.attrs.get("kind", "paragraph") == "paragraph")
    families = Counter(family_of(label) for label in techniques.elements())
    loaded = Counter(a.span_text(t).casefold() for a in articles for t in a.layer("techniques")
                     if t.attrs.get("kind") == "span" and t.label in LOADED)
    genres = Counter(str(a.meta["genre"].get("label")) for a in articles
                     if isinstance(a.meta.get("genre"), dict))
    frames = Counter(str(f.get("label")) for a in articles
                     for f in (a.meta.get("frames") or []) if isinstance(f, dict))
    events = Counter(str(e.attrs.get("event_type")) for a in articles
                     for e in (a.layers.get("events") or []) if e.attrs.get("event_type"))
    return {
        "outlet": outlet,
        "languages": sorted({str(a.meta.get("language")) for a in articles
                             if a.meta.get("language")}),
        "articles": [{"id": a.id, "title": a.meta.get("title"), "url": a.meta.get("url"),
                      "published": a.meta.get("published"), "language": a.meta.get("language")}
                     for a in articles],
        "lead_figure": next((f for f in (lead_figure(a) for a in articles) if f), None),
        "figures": figures,
        "places": [{"name": n, "mentions": c} for n, c in places.most_common()],
        "dates": [{"value": v, "mentions": c} for v, c in dates.most_common()],
        "entities": [{"name": n, "mentions": c} for n, c in entities.most_common(12)],
        "events": [{"event_type": t, "count": c} for t, c in events.most_common()],
        "who_says_so": _shares(articles),
        "sources": _sources(articles),
        "techniques": [{"technique": t, "family": family_of(t), "paragraphs": c}
                       for t, c in techniques.most_common()],
        "families": dict(families.most_common()),
        "loaded_words": [{"words": w, "count": c} for w, c in loaded.most_common(10)],
        "genre": dict(genres.most_common()),
        "frames": [{"frame": f, "articles": c} for f, c in frames.most_common(5)],
    }


def _values(figures: Iterable[dict[str, Any]]) -> list[float]:
    return sorted({f["value"] for f in figures if f["value"] is not None})


# Lead figures counted with different nouns are compared only when the nouns tell the same
# toll ("8 morts" / "killed 8 people"); "huit roquettes" and "nine tankers" are not.
_TOLL = frozenset({"dead", "people", "civilians", "victims"})


def _lead_kind(concept_: str | None) -> str | None:
    if concept_ is None:
        return None
    return "toll" if concept_ in _TOLL else concept_


def _some_disjoint(value_sets: list[list[float]]) -> bool:
    """True when two outlets share no value: "de 3 000 à 2 500" in both, with a "200" more in
    one (it counts something else), is agreement; 12 against 6 is not."""
    sets = [set(v) for v in value_sets]
    return any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:])


def disagreements(columns: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures about the same thing that outlets give differently (the analyst's lead).

    One entry per concept (or unit) counted by at least two outlets of which two share no
    value, plus one for the lead figures when at least two outlets lead with different
    values of the same kind (the same counted thing, or the same toll told with different
    nouns).
    """
    found: list[dict[str, Any]] = []
    leads = {c["outlet"]: c["lead_figure"] for c in columns if c["lead_figure"]}
    by_kind: dict[str | None, dict[str, dict[str, Any]]] = {}
    for outlet, lead in leads.items():
        by_kind.setdefault(_lead_kind(lead["concept"]), {})[outlet] = lead
    for kind, group in by_kind.items():
        values = {o: f["value"] for o, f in group.items()}
        if kind is not None and len(values) >= 2 and len(set(values.values())) > 1:
            found.append({"what": "lead figure", "values": {o: [v] for o, v in values.items()},
                          "texts": {o: [f["text"]] for o, f in group.items()}})
    by_concept: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for column in columns:
        for fig in column["figures"]:
            if fig["concept"]:
                by_concept.setdefault(fig["concept"], {}).setdefault(
                    column["outlet"], []).append(fig)
    for what, per_outlet in sorted(by_concept.items()):
        values = {o: _values(figs) for o, figs in per_outlet.items()}
        values = {o: v for o, v in values.items() if v}
        if len(values) >= 2 and _some_disjoint(list(values.values())):
            found.append({"what": what, "values": values,
                          "texts": {o: sorted({f["text"] for f in figs})
                                    for o, figs in per_outlet.items()}})
    return found


def compare_stored_story(store: Any, story_id: int) -> dict[str, Any]:
    """``compare_story`` of a stored story, under the title the story is listed with
    (``unspin stories``, the web app's list), so that the list and the comparison agree."""
    from ..store.stories import story_articles, story_title

    return compare_story(story_articles(store, story_id), story_id, story_title(store, story_id))


def compare_story(articles: Sequence[Article], story_id: int | None = None,
                  title: str | None = None) -> dict[str, Any]:
    """The side-by-side comparison of one story's articles, grouped by outlet (titled
    ``title``, else by the first article that has a title); an article whose outlet is
    unknown is a column of its own."""
    by_outlet: dict[str, list[Article]] = {}
    for article in articles:
        # Articles of unknown outlets are not one outlet: each gets its own column, so that
        # two of them that disagree still show it.
        outlet = article.meta.get("outlet") or f"(unknown outlet) {article.id}"
        by_outlet.setdefault(str(outlet), []).append(article)
    columns = [outlet_column(o, arts) for o, arts in sorted(by_outlet.items())]
    days = sorted(str(a.meta.get("published"))[:10] for a in articles if a.meta.get("published"))
    return {
        "story": story_id,
        "title": title or next((a.meta.get("title") for a in articles if a.meta.get("title")),
                               None),
        "first_published": days[0] if days else None,
        "last_published": days[-1] if days else None,
        "size": len(articles),
        "outlets": columns,
        "disagreements": disagreements(columns),
    }
