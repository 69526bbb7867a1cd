"""Outlet profiles: what an outlet does, period by period (week or month).

``profile_outlet(name, articles, period)`` returns a JSON-able dict (the schema of
``unspin outlets --format json`` and ``/api/outlets/{name}``): per period the number of
articles, the shares of unsourced (unattributed) claims, anonymous sources and hedged claims,
techniques per 1,000 words by family; over the whole span the top loaded words, genre mix,
frames, and the entities most named with the forms used for them (nicknames and
pejoratives for the same entity are what shows an outlet's stance).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ..model import Article
from ..techniques.explanations import family_of
from ..techniques.taxonomy import FAMILIES

PERIODS = ("week", "month")
_WORD = re.compile(r"\w+")
LOADED = ("Loaded_Language", "Name_Calling-Labeling")


def period_of(published: object, period: str) -> str:
    """``2026-01-13`` → ``2026-01`` (month) or ``2026-W03`` (ISO week); ``undated``."""
    try:
        day = date.fromisoformat(str(published)[:10])
    except ValueError:
        return "undated"
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.strftime("%Y-%m")


MAX_FILLED_PERIODS = 600  # longer spans keep only the periods that have articles


def _consecutive(periods: dict[str, _Tally], period: str) -> list[tuple[str, _Tally]]:
    """The periods in order with the empty ones between the first and the last filled
    in (no articles, shares null), so that a chart's axis is a calendar; ``undated`` last."""
    dated = sorted(p for p in periods if p != "undated")
    keys = dated
    if dated:
        if period == "week":
            first = date.fromisocalendar(int(dated[0][:4]), int(dated[0][6:]), 1)
            last = date.fromisocalendar(int(dated[-1][:4]), int(dated[-1][6:]), 1)
            span = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
            every = [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in span]
        else:
            (y, m), (y_last, m_last) = map(int, dated[0].split("-")), map(int, dated[-1].split("-"))
            every = []
            while (y, m) <= (y_last, m_last) and len(every) <= MAX_FILLED_PERIODS:
                every.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if len(every) <= MAX_FILLED_PERIODS:
            keys = every
    out = [(k, periods.get(k) or _Tally()) for k in keys]
    return out + ([("undated", periods["undated"])] if "undated" in periods else [])


def word_count(text: str) -> int:
    """Words of ``text`` (runs of letters or digits): the base of per-1,000-word rates."""
    return sum(1 for _ in _WORD.finditer(text))


class _Tally:
    def __init__(self) -> None:
        self.articles = 0
        self.words = 0
        self.counts: Counter[str] = Counter()
        self.families: Counter[str] = Counter()

    def add(self, article: Article) -> None:
        self.articles += 1
        self.words += word_count(article.text)
        summary = article.meta.get("who_says_so")
        if isinstance(summary, dict):
            for key in ("claims", "unattributed", "anonymous", "hedged", "named"):
                if isinstance(summary.get(key), int):
                    self.counts[key] += summary[key]
        for ann in article.layer("sources"):
            self.counts["sources"] += 1
            if ann.label == "anonymous":
                self.counts["anonymous_sources"] += 1
        for ann in article.layer("techniques"):
            if ann.attrs.get("kind", "paragraph") == "paragraph":
                self.families[family_of(ann.label)] += 1

    def row(self) -> dict[str, Any]:
        claims, sources = self.counts["claims"], self.counts["sources"]

        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 3) if whole else None

        per_k = {fam: round(1000 * self.families[fam] / self.words, 2) if self.words else 0.0
                 for fam in FAMILIES}
        return {"articles": self.articles, "words": self.words, "claims": claims,
                "unsourced_share": share(self.counts["unattributed"], claims),
                "anonymous_source_share": share(self.counts["anonymous_sources"], sources),
                "hedged_share": share(self.counts["hedged"], claims),
                "techniques_per_1000_words": per_k}


def profile_outlet(outlet: str, articles: Iterable[Article], period: str = "month",
                   top: int = 10) -> dict[str, Any]:
    """The profile of one outlet over ``articles`` (all of its stored articles)."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    total = _Tally()
    periods: dict[str, _Tally] = {}
    loaded: Counter[str] = Counter()
    genres: Counter[str] = Counter()
    frames: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    entity_names: dict[str, str] = {}
    entity_mentions: Counter[str] = Counter()
    entity_forms: dict[str, Counter[str]] = {}
    for article in articles:
        total.add(article)
        periods.setdefault(period_of(article.meta.get("published"), period), _Tally()).add(article)
        if article.meta.get("language"):
            languages[str(article.meta["language"])] += 1
        genre = article.meta.get("genre")
        if isinstance(genre, dict) and genre.get("label"):
            genres[str(genre["label"])] += 1
        for frame in article.meta.get("frames") or []:
            if isinstance(frame, dict) and frame.get("label"):
                frames[str(frame["label"])] += 1
        for ann in article.layer("techniques"):
            if ann.attrs.get("kind") == "span" and ann.label in LOADED:
                loaded[" ".join(article.span_text(ann).casefold().split())] += 1
        for ann in article.layer("entities"):
            key = str(ann.attrs.get("id") or ann.attrs.get("name") or article.span_text(ann))
            entity_names.setdefault(key, str(ann.attrs.get("name") or article.span_text(ann)))
            entity_mentions[key] += 1
            form = ann.attrs.get("form")
            surface = " ".join(article.span_text(ann).split())
            label = f"{surface} ({form})" if form in ("nickname", "pejorative") else surface
            entity_forms.setdefault(key, Counter())[label] += 1
    entities = [{"id": key if key != entity_names[key] else None, "name": entity_names[key],
                 "mentions": n,
                 "forms": [{"form": f, "count": c} for f, c in entity_forms[key].most_common(5)],
                 "nicknames": sorted(f for f in entity_forms[key]
                                     if f.endswith(("(nickname)", "(pejorative)")))}
                for key, n in entity_mentions.most_common(top)]
    return {
        "outlet": outlet, "period": period,
        "languages": dict(languages.most_common()),
        "totals": total.row(),
        "periods": [{"period": p, **t.row()} for p, t in _consecutive(periods, period)],
        "loaded_words": [{"words": w, "count": c} for w, c in loaded.most_common(top)],
        "genre_mix": dict(genres.most_common()),
        "frames": [{"frame": f, "articles": c} for f, c in frames.most_common(top)],
        "entities": entities,
    }
