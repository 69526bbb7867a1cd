"""The terminal report of one article: who, where, when, how many, who says so, how it is told.

Article text is hostile input: it may contain rich markup such as ``[bold]`` or
``[link=…]``, and terminal escape sequences (colours, clear-screen, OSC window titles or
hyperlinks). Every piece of it goes through :func:`terminal_safe` into a
``rich.text.Text`` object (never parsed as markup), and only labels written here are
styled.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Annotation, Article
from .speakers import speaker_found_by

QUOTE_CHARS = 90  # long quotes, claims and scopes are shortened in tables

# Escape sequences a terminal would act on: OSC (ESC ] … BEL or ST, also as the C1 byte
# U+009D), DCS/SOS/PM/APC strings, CSI (ESC [ … final byte, also U+009B), and any other
# two-character ESC sequence. They are removed whole, so no parameter bytes are left.
_ESCAPE_SEQUENCE_RE = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -/]*[0-~]?"
)
# Remaining C0/C1 controls and DEL, plus the bidirectional overrides that can make text
# display in another order than it is stored.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: str, multiline: bool = False) -> str:
    """``value`` with terminal escape sequences removed and control characters replaced.

    Sequences go entirely; other control characters become U+FFFD so the reader sees that
    something was there. Newlines and tabs are kept when ``multiline`` is true, else they
    become spaces. Rich markup is not touched here: callers wrap the result in ``Text``.
    """
    value = _ESCAPE_SEQUENCE_RE.sub("", value)
    if not multiline:
        value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    value = value.replace("\r", " ")
    return _CONTROL_RE.sub("\ufffd", value)


def _plain(value: Any) -> Text:
    """A table cell showing ``value`` literally (no markup), '–' when missing."""
    if value is None or value == "":
        return Text("–", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, float):
        return Text(f"{value:.4g}")
    return Text(terminal_safe(str(value)))


def _short(text: str, limit: int = QUOTE_CHARS) -> Text:
    text = " ".join(terminal_safe(text).split())
    return Text(text if len(text) <= limit else text[: limit - 1] + "…")


def _confidence(value: Any) -> Text:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Text(f"{value:.2f}")
    return _plain(value)


def _table(title: str, columns: Iterable[str]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", expand=False,
                  show_lines=False, header_style="bold cyan")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _none_found(title: str) -> Text:
    return Text.assemble((title, "bold"), (": none found", "dim"))


def header(article: Article) -> Panel:
    """The article's identity: title, outlet, date, language, id, section, input."""
    meta = article.meta
    lines = Table.grid(padding=(0, 2))
    lines.add_column(style="bold")
    lines.add_column()
    published = meta.get("published")
    if published and meta.get("published_from"):
        published = f"{published} (from {meta['published_from']})"
    language = meta.get("language")
    if language and isinstance(meta.get("language_confidence"), (int, float)):
        language = f"{language} ({meta['language_confidence']:.2f})"
    raw_input = meta.get("input")
    where: dict[str, Any] = raw_input if isinstance(raw_input, dict) else {}
    rows: list[tuple[str, Any]] = [
        ("outlet", meta.get("outlet")), ("published", published), ("language", language),
        ("section", meta.get("section")), ("author", meta.get("author")),
        ("url", meta.get("url")), ("input", where.get("path")), ("id", article.id),
    ]
    for key, value in rows:
        if value not in (None, ""):
            lines.add_row(Text(key), _plain(value))
    title = Text(terminal_safe(str(meta.get("title") or "(untitled)")), style="bold")
    return Panel(lines, title=title, title_align="left")


# Segment labels whose plural is not label + "s".
_PLURALS = {"related": "related links", "boilerplate": "boilerplate lines",
            "dateline": "datelines", "source": "source lines"}


def _plural(label: str, n: int) -> str:
    if n == 1:
        return label
    return _PLURALS.get(label, label + "s")


def segments_summary(article: Article) -> Text:
    """One line: how many characters, paragraphs and other segments the article has."""
    counts = Counter(a.label for a in article.layer("segments"))
    parts = [f"{len(article.text):,} characters"]
    parts += [f"{n} {_plural(label, n)}" for label, n in sorted(counts.items())]
    if "sentences" in article.layers:
        n = len(article.layer("sentences"))
        parts.append(f"{n} sentence{'s' if n != 1 else ''}")
    return Text(" · ".join(parts), style="dim")


def _rows(article: Article, layer: str, title: str, columns: list[str],
          row: Callable[[Annotation], list[Text]]) -> RenderableType | None:
    if layer not in article.layers:
        return None  # the stage did not run: say nothing
    anns = article.layer(layer)
    if not anns:
        return _none_found(title)
    table = _table(title, columns)
    for ann in anns:
        table.add_row(*row(ann))
    return table


def who(article: Article) -> RenderableType | None:
    """Entities: mention, canonical name, type, country, id."""
    def row(a: Annotation) -> list[Text]:
        at = a.attrs
        return [_plain(article.span_text(a)), _plain(a.label), _plain(at.get("name")),
                _plain(at.get("type")), _plain(at.get("country")), _plain(at.get("id"))]
    return _rows(article, "entities", "Who", ["mention", "label", "name", "type", "country", "id"],
                 row)


def where(article: Article) -> RenderableType | None:
    """Places: mention, name, feature, country, coordinates."""
    def row(a: Annotation) -> list[Text]:
        at = a.attrs
        lat, lon = at.get("lat"), at.get("lon")
        coords = f"{lat:.4f}, {lon:.4f}" if isinstance(lat, (int, float)) and isinstance(
            lon, (int, float)) else None
        name = at.get("name")
        if at.get("resolved_to"):
            name = f"{name} (→ {at['resolved_to']})"
        return [_plain(article.span_text(a)), _plain(name), _plain(at.get("feature") or a.label),
                _plain(at.get("country")), _plain(coords)]
    return _rows(article, "places", "Where", ["mention", "name", "feature", "country", "lat, lon"],
                 row)


def when(article: Article) -> RenderableType | None:
    """Time expressions: expression, TIMEX3 value, type, modifier, anchor."""
    def row(a: Annotation) -> list[Text]:
        at = a.attrs
        return [_plain(article.span_text(a)), _plain(at.get("value")),
                _plain(at.get("type") or a.label), _plain(at.get("mod")), _plain(at.get("anchor"))]
    return _rows(article, "times", "When", ["expression", "value", "type", "mod", "anchor"], row)


def _figure_value(attrs: dict[str, Any]) -> Any:
    if "min" in attrs or "max" in attrs:
        return f"{attrs.get('min', '?')}–{attrs.get('max', '?')}"
    value = attrs.get("value")
    if value is None:
        return value
    if attrs.get("approx"):
        return f"≈ {value}"
    # "au moins quatre", "plus de 80": the figure is a bound, not a count.
    bound = {"lower": "≥ ", "upper": "≤ "}.get(str(attrs.get("bound")), "")
    return f"{bound}{value}" if bound else value


def how_many(article: Article) -> RenderableType | None:
    """Figures: expression, kind, value or range, unit, what is counted."""
    def row(a: Annotation) -> list[Text]:
        at = a.attrs
        return [_plain(article.span_text(a)), _plain(a.label), _plain(_figure_value(at)),
                _plain(at.get("unit")), _plain(at.get("object"))]
    return _rows(article, "figures", "How many", ["expression", "kind", "value", "unit", "object"],
                 row)


def who_says_so(article: Article) -> list[RenderableType]:
    """Quotes, sources, hedges and claims, then the shares of unattributed claims."""
    out: list[RenderableType] = []

    def quote_row(a: Annotation) -> list[Text]:
        return [_short(article.span_text(a)), _plain(a.attrs.get("kind")),
                _plain(a.attrs.get("speaker")), _plain(speaker_found_by(a.attrs) or None),
                _plain(a.attrs.get("speaker_id"))]

    def source_row(a: Annotation) -> list[Text]:
        at = a.attrs
        scope = None
        if isinstance(at.get("scope_start"), int) and isinstance(at.get("scope_end"), int):
            scope = article.text[at["scope_start"]: at["scope_end"]]
        return [_plain(article.span_text(a)), _plain(at.get("source_type") or a.label),
                _plain(at.get("cue")), _short(scope) if scope else _plain(None)]

    def hedge_row(a: Annotation) -> list[Text]:
        return [_plain(article.span_text(a)), _plain(a.label), _plain(a.attrs.get("kind")),
                _plain(a.attrs.get("cue"))]

    def claim_row(a: Annotation) -> list[Text]:
        at = a.attrs
        return [_short(article.span_text(a)), _plain(at.get("attribution")),
                _plain(at.get("hedged")), _plain(at.get("certainty_marker")),
                _plain(at.get("unsourced_assertion"))]

    for layer, title, columns, row in (
        ("quotes", "Who says so: quotes", ["quote", "kind", "speaker", "found by", "speaker id"],
         quote_row),
        ("sources", "Who says so: sources", ["source", "type", "cue", "says"], source_row),
        ("hedges", "Who says so: hedges and certainty", ["words", "label", "kind", "cue"],
         hedge_row),
        ("claims", "Who says so: claims",
         ["claim", "attribution", "hedged", "certainty", "unsourced"], claim_row),
    ):
        shown = _rows(article, layer, title, columns, row)
        if shown is not None:
            out.append(shown)
    shares = article.meta.get("who_says_so")
    if isinstance(shares, dict) and shares:
        parts = []
        for key in ("claims", "named", "anonymous", "unattributed", "hedged", "certainty"):
            if key not in shares:
                continue
            share = shares.get(f"{key}_share")
            shown = f" ({share:.0%})" if isinstance(share, (int, float)) else ""
            parts.append(f"{key} {shares[key]}{shown}")
        out.append(Text.assemble(("Claims: ", "bold"), " · ".join(parts)))
    return out


def how_it_is_told(article: Article) -> list[RenderableType]:
    """Genre, frames, and persuasion techniques per paragraph and per span."""
    out: list[RenderableType] = []
    genre = article.meta.get("genre")
    if isinstance(genre, dict) and genre.get("label"):
        out.append(Text.assemble(("Genre: ", "bold"), terminal_safe(str(genre["label"])), " (",
                                 _confidence(genre.get("confidence")), ")"))
    frames = article.meta.get("frames")
    if isinstance(frames, list) and frames:
        shown = [Text.assemble(terminal_safe(str(f.get("label"))), " (", _confidence(f.get("confidence")), ")")
                 for f in frames if isinstance(f, dict)]
        out.append(Text.assemble(("Frames: ", "bold"), Text(", ").join(shown)))
    elif isinstance(frames, list):
        out.append(_none_found("Frames"))
    if "techniques" not in article.layers:
        return out
    anns = article.layer("techniques")
    if not anns:
        out.append(_none_found("Techniques"))
        return out
    paragraphs = [a for a in anns if a.attrs.get("kind") != "span"]
    spans = [a for a in anns if a.attrs.get("kind") == "span"]
    if paragraphs:
        table = _table("How it is told: techniques per paragraph",
                       ["line", "technique", "confidence", "paragraph"])
        for a in paragraphs:
            table.add_row(_plain(a.attrs.get("paragraph")), _plain(a.label),
                          _confidence(a.attrs.get("confidence")), _short(article.span_text(a), 60))
        out.append(table)
    if spans:
        table = _table("How it is told: technique spans",
                       ["words", "technique", "confidence", "explanation"])
        for a in spans:
            table.add_row(_short(article.span_text(a), 60), _plain(a.label),
                          _confidence(a.attrs.get("confidence")), _plain(a.attrs.get("explanation")))
        out.append(table)
    return out


def what_happened(article: Article) -> RenderableType | None:
    """Events: type, actors, place, date, counts, certainty, and the sentence's offsets."""
    if "events" not in article.layers:
        return None
    from ..events.view import event_rows

    rows = event_rows(article)
    if not rows:
        return _none_found("What happened (events)")
    table = _table("What happened (events)", ["#", "type", "actors", "where", "when",
                                              "killed/injured/arrested", "certainty",
                                              "sentence"])
    for r in rows:
        claimed = " [claimed]" if r.claimed_by and r.claimed_by == r.actor1 else ""
        actors = " → ".join(p for p in (
            f"{r.actor1} ({r.actor1_category}){claimed}" if r.actor1 else "",
            r.target or (f"{r.actor2} ({r.actor2_category})" if r.actor2 else "")) if p)
        counts = "/".join("–" if v is None else str(v)
                          for v in (r.fatalities, r.injured, r.arrested))
        certainty = r.certainty + (f", {r.modality}" if r.modality != "actual" else "")
        if r.perpetrator_certainty:
            certainty += f"; perpetrator {r.perpetrator_certainty}"
        table.add_row(_plain(r.index + 1), _plain(r.sub_event_type),
                      _plain(actors), _plain(r.place), _plain(r.date), _plain(counts),
                      _plain(certainty), Text.assemble(_short(r.sentence, 50),
                                                       (f" [{r.start}:{r.end}]", "dim")))
    return table


def render_text(article: Article) -> RenderableType:
    """The whole report of ``article`` as one rich renderable (print it with a Console)."""
    parts: list[RenderableType] = [header(article), segments_summary(article)]
    for section in (who(article), where(article), when(article), how_many(article)):
        if section is not None:
            parts.append(section)
    parts.extend(who_says_so(article))
    events = what_happened(article)
    if events is not None:
        parts.append(events)
    parts.extend(how_it_is_told(article))
    return Group(*parts)


def print_report(article: Article, console: Console) -> None:
    """Print the report of ``article`` on ``console``, followed by a blank line."""
    console.print(render_text(article))
    console.print()
