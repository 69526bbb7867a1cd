"""The self-contained HTML report: escaping, CSP, every layer rendered, valid structure."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from unspin.model import Annotation, Article
from unspin.report.html import json_for_script, render_html
from unspin.report.speakers import quote_kind, speaker_found_by


def _put(article: Article, layer: str, start: int, end: int, label: str, backend: str,
         **attrs: object) -> None:
    """Append an annotation directly (independent of Article.add's keyword conventions)."""
    article.layers.setdefault(layer, []).append(Annotation(start, end, label, dict(attrs), backend))


PAYLOADS = ('<script>window.__pwned=1;alert(1)</script>',
            '<img src=x onerror="window.__pwned=1;alert(1)">',
            '"><svg onload="window.__pwned=1;alert(1)">',
            "</script><!-- fin")


def build_article() -> Article:
    """A French article with every layer, and hostile markup in text, metadata and attrs."""
    lines = [
        "Le régime de Moravie accusé après les frappes sur Valbourg " + PAYLOADS[0],
        "",
        ("Selon le ministère, 40 roquettes ont visé la ville mardi 17 novembre 2020. "
         "Ce carnage honteux aurait fait une douzaine de victimes."),
        "",
        "« Nous ne céderons jamais à ce chantage » " + PAYLOADS[1]
        + ", a déclaré Anna Weber, "
        "porte-parole du gouvernement, à Lyon.",
        "",
        "Des sources anonymes évoquent une riposte certaine " + PAYLOADS[2] + " " + PAYLOADS[3],
    ]
    text = "\n".join(lines) + "\n"
    art = Article.from_text(text, language="fr", published="2020-11-17",
                            title="Frappes sur Valbourg " + PAYLOADS[0],
                            outlet='Radio "Nord" <b>Info</b>')
    art.meta["genre"] = {"label": "reporting", "confidence": 0.81, "scores": {}}
    art.meta["frames"] = [{"label": "Security_and_defense", "confidence": 0.7}]
    art.meta["who_says_so"] = {"claims": 3, "unattributed": 1, "anonymous": 1, "named": 1}

    def at(needle: str, occurrence: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(needle, start + 1)
        return start, start + len(needle)

    line3 = at(lines[2])
    _put(art, "techniques", *line3, "Loaded_Language", "model", kind="paragraph",
         paragraph=3, confidence=0.82)
    _put(art, "techniques", *at("carnage honteux"), "Loaded_Language", "model", kind="span",
         paragraph=3, confidence=0.74, family="manipulative_wording",
         explanation="Des mots chargés " + PAYLOADS[0], evidence=["honteux"])
    line1 = at(lines[0])
    _put(art, "techniques", *line1, "Name_Calling-Labeling", "model", kind="paragraph",
         paragraph=1, confidence=0.6)
    # Overlaps an entity mention of the same words.
    _put(art, "techniques", *at("régime de Moravie"), "Name_Calling-Labeling", "model",
         kind="span", paragraph=1, confidence=0.55, family="attack_on_reputation",
         explanation="Une étiquette péjorative.")
    _put(art, "entities", *at("Moravie"), "LOC", "spacy", id="unspin:moravie", name="Moravie",
         type="state", country=None, linked=True, via="registry")
    _put(art, "entities", *at("Anna Weber"), "PER", "spacy", id=None,
         name="Anna Weber " + PAYLOADS[1],
         type="person", country=None, linked=False, via="ner")
    _put(art, "places", *at("Lyon"), "city", "gazetteer", name="Lyon", lat=45.76, lon=4.84,
         country="FR", admin1="84", feature="city", geonameid=2996944)
    _put(art, "places", *at("Valbourg"), "city", "gazetteer", name="Valbourg", lat=None,
         lon=None, country=None, admin1=None, feature="city", geonameid=None)
    _put(art, "times", *at("mardi 17 novembre 2020"), "DATE", "rules", type="DATE",
         value="2020-11-17", anchor="2020-11-17")
    _put(art, "figures", *at("40 roquettes"), "count", "rules", value=40, unit=None,
         object="roquettes", approx=False, written=False)
    _put(art, "figures", *at("une douzaine"), "count", "rules", value=12, object="victimes",
         approx=True, written=True)
    quote = at("Nous ne céderons jamais à ce chantage")
    _put(art, "quotes", *quote, "quote", "rules", kind="direct", speaker="Anna Weber",
         speaker_start=at("Anna Weber")[0], speaker_end=at("Anna Weber")[1],
         speaker_id=None, cue="a déclaré")
    # Built directly: `source` is an attribute of these layers, not the backend.
    art.layers["sources"] = [
        Annotation(*at("le ministère"), "named_organisation",
                   {"source": "le ministère", "source_id": None, "cue": "selon",
                    "scope_start": 0, "scope_end": 1}, "rules"),
        Annotation(*at("Des sources anonymes"), "anonymous",
                   {"source": "Des sources anonymes", "source_id": None, "cue": "évoquent",
                    "scope_start": 0, "scope_end": 1}, "rules"),
    ]
    _put(art, "hedges", *at("aurait fait"), "hedge", "rules", kind="conditional", cue="aurait")
    _put(art, "hedges", *at("certaine"), "certainty", "rules", kind="epistemic_adjective",
         cue="certain")
    claim_attrs = {"entities": [], "places": [], "times": [], "figures": []}
    art.layers["claims"] = [
        Annotation(*at("Ce carnage honteux aurait fait une douzaine de victimes."), "claim",
                   {"attribution": "named", "hedged": True, "certainty_marker": False,
                    "unsourced_assertion": False, "source": 0, **claim_attrs}, "rules"),
        Annotation(*at(lines[6]), "claim",
                   {"attribution": "unattributed", "hedged": False, "certainty_marker": True,
                    "unsourced_assertion": True, "source": None, **claim_attrs}, "rules"),
    ]
    return art


class _Checker(HTMLParser):
    """Collects tags and checks nesting of the elements that must be closed."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "input", "hr", "link", "circle", "line"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def page() -> str:
    return render_html([build_article()])


@pytest.fixture(scope="module")
def parsed(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker


def test_structure_is_balanced(parsed: _Checker) -> None:
    assert not parsed.errors
    assert parsed.stack == []


def test_no_payload_becomes_markup(page: str, parsed: _Checker) -> None:
    tags = {t for t, _ in parsed.tags}
    assert "img" not in tags and "svg" in tags  # the only svg is our map
    assert sum(1 for t, a in parsed.tags if t == "svg") == 1
    # Exactly two scripts: the JSON notes and ours; no attribute is an event handler.
    assert sum(1 for t, _ in parsed.tags if t == "script") == 2
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert "window.__pwned" not in "".join(parsed.scripts[-1:])
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned" in page
    assert "Radio &quot;Nord&quot; &lt;b&gt;Info&lt;/b&gt;" in page


def test_json_block_cannot_close_its_script(parsed: _Checker) -> None:
    data_script = parsed.scripts[0]
    assert "<" not in data_script and ">" not in data_script
    notes = json.loads(data_script)
    bodies = " ".join(str(n.get("body")) for n in notes.values())
    assert "<script>window.__pwned" in bodies  # the text survives, as data


def test_json_for_script_escapes_closers() -> None:
    out = json_for_script({"t": "</script><!-- & \u2028"})
    assert "</" not in out and "<!--" not in out and "\u2028" not in out
    assert json.loads(out) == {"t": "</script><!-- & \u2028"}


def test_csp_is_strict_and_allows_only_our_script(parsed: _Checker) -> None:
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") ==
             "Content-Security-Policy"]
    assert len(metas) == 1
    csp = metas[0]["content"] or ""
    assert "default-src 'none'" in csp and "img-src data:" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    ours = parsed.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(ours.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_no_external_resources(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page


def test_every_layer_is_rendered(page: str, parsed: _Checker) -> None:
    classes = " ".join(a.get("class") or "" for _, a in parsed.tags)
    for layer in ("quotes", "hedges", "entities", "places", "times", "figures", "sources",
                  "claims"):
        assert f"lay-{layer}" in classes, layer
        assert f"fact-{layer}" in classes, layer
    assert "tech fam-manipulative_wording" in classes
    assert "tech fam-attack_on_reputation" in classes
    assert "badge fam-manipulative_wording" in classes
    for text in ("Radio", "2020-11-17", "reporting (81%)", "Security and defense (70%)",
                 "Langage chargé", "Atteinte à la réputation", "Anna Weber", "2020-11-17",
                 "roquettes", "named organisation", "anonymous", "aurait", "unsourced_assertion",
                 "unattributed: 1"):
        assert text in page, text
    toggles = [a["data-layer"] for t, a in parsed.tags if t == "input"]
    assert toggles[:3] == ["techniques", "quotes", "hedges"] and "claims" in toggles


def test_map_has_a_dot_only_for_located_places(parsed: _Checker) -> None:
    dots = [a for t, a in parsed.tags if t == "circle"]
    assert len(dots) == 1
    assert 0 < float(dots[0]["cx"]) < 360 and 0 < float(dots[0]["cy"]) < 180


def test_overlapping_spans_are_split_into_segments(parsed: _Checker) -> None:
    segs = [a for t, a in parsed.tags if t == "span" and "seg" in (a.get("class") or "")]
    both = [a for a in segs if "lay-entities" in a["class"] and "tech" in a["class"]]
    assert both, "the entity inside the Name_Calling span must carry both classes"
    assert len(both[0]["data-a"].split()) == 2
    # "certaine" is a certainty marker inside an unsourced claim: both classes, two notes.
    stacked = [a for a in segs if "lay-hedges" in a["class"] and "lay-claims" in a["class"]]
    assert len(stacked) == 1 and len(stacked[0]["data-a"].split()) == 2
    assert "Certainty marker" in stacked[0]["title"]


def test_text_is_complete_and_in_order(parsed: _Checker) -> None:
    article = build_article()

    class TextOnly(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.depth = 0

        def handle_starttag(self, tag, attrs):
            if tag == "p" and "para" in (dict(attrs).get("class") or ""):
                self.depth = 1
                self.parts.append("")

        def handle_endtag(self, tag):
            if tag == "p":
                self.depth = 0

        def handle_data(self, data):
            if self.depth:
                self.parts[-1] += data

    reader = TextOnly()
    reader.feed(render_html([article]))
    assert reader.parts == [line for line in article.text.split("\n") if line.strip()]


def test_several_articles_get_separate_blocks() -> None:
    one, two = build_article(), Article.from_text("Deuxième article\n\nSans couches.\n")
    page = render_html([one, two])
    assert page.count('<article class="report') == 2
    assert page.count('class="unspin-data"') == 2


def test_quotes_say_how_their_speaker_was_found() -> None:
    assert speaker_found_by({"kind": "direct", "speaker": "La milice", "cue": None,
                             "speaker_inferred": "previous_sentence"}) == "sentence before"
    assert speaker_found_by({"kind": "partial", "speaker": "Le ministre", "cue": "selon",
                             "speaker_inferred": "sentence_source",
                             "speaker_resolved_from": "lui"}) == \
        "selon; source of its sentence; pronoun « lui »"
    assert speaker_found_by({"kind": "direct", "speaker": "X", "cue": ":"}) == "colon before it"
    assert speaker_found_by({"kind": "direct", "speaker": None, "cue": None,
                             "no_speaker_reason": "no_cue_or_subject"}).startswith("no speaker")
    assert speaker_found_by({"kind": "scare", "speaker": None}) == "not speech"
    assert quote_kind({"kind": "partial"}) == "partial quotation"
