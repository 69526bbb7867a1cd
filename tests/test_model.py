"""The data model's JSON round trip, and docs/article.schema.json against real outputs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from unspin.model import Annotation, Article

TEXT = (
    "INTERNATIONAL\n"
    "Douze roquettes visent l'ambassade à Bagdad\n"
    "Selon des sources sécuritaires, douze roquettes auraient visé mardi l'ambassade "
    "américaine. « C'est une attaque lâche », a déclaré Mustafa al-Kadhimi.\n"
    "SOURCE : RADIO NORD INFO\n"
)


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def annotated_article() -> Article:
    """An article carrying every layer of docs/schema.md, with attrs as documented."""
    art = Article.from_text(TEXT, title="Douze roquettes visent l'ambassade à Bagdad",
                            outlet="Radio Nord Info", published="2020-11-17")
    t = art.text
    art.meta.update({
        "published_from": "option", "section": "INTERNATIONAL", "language": "fr",
        "language_confidence": 0.99, "input": {"path": "in/bagdad.txt", "format": "text"},
        "who_says_so": {"claims": 2, "unattributed": 0, "anonymous": 1, "named": 1, "hedged": 1,
                        "certainty": 0, "unattributed_share": 0.0, "anonymous_share": 0.5,
                        "hedged_share": 0.5},
        "genre": {"label": "reporting", "confidence": 0.81,
                  "scores": {"reporting": 0.81, "opinion": 0.15, "satire": 0.04}},
        "frames": [{"label": "Security_and_defense", "confidence": 0.7}],
    })
    lines = t.split("\n")
    offset = 0
    for number, (line, label) in enumerate(zip(lines, ["rubric", "title", "paragraph",
                                                       "source"]), start=1):
        attrs: dict[str, Any] = {"line": number}
        if label == "paragraph":
            attrs.update(index=1, language="fr")
        art.add("segments", offset, offset + len(line), label, source="rules", **attrs)
        offset += len(line) + 1
    body = t.index("Selon")
    art.add("sentences", body, t.index("« C'est") - 1, "sentence")
    s, e = span(t, "Mustafa al-Kadhimi")
    art.add("entities", s, e, "PER", backend="spacy", id="Q5260406", name="Mustafa al-Kadhimi",
            type="person", country="IQ", linked=True, via="registry")
    s, e = span(t, "Bagdad")
    art.add("places", s, e, "city", backend="gazetteer", name="Baghdad", lat=33.3406,
            lon=44.4009, country="IQ", admin1="Baghdad", feature="city", geonameid=98182)
    s, e = span(t, "mardi")
    art.add("times", s, e, "DATE", backend="rules", type="DATE", value="2020-11-17",
            anchor="2020-11-17")
    s, e = span(t, "douze roquettes")
    art.add("figures", s, e, "count", backend="rules", value=12, unit=None, object="roquettes",
            approx=False, written=True)
    s, e = span(t, "C'est une attaque lâche")
    ss, se = span(t, "Mustafa al-Kadhimi")
    art.add("quotes", s, e, "quote", backend="rules", kind="direct", speaker="Mustafa al-Kadhimi",
            speaker_start=ss, speaker_end=se, speaker_id="Q5260406", cue="a déclaré")
    s, e = span(t, "des sources sécuritaires")
    # attrs named "source" clash with Article.add's ``source`` (the backend): build directly.
    art.layers["sources"] = [Annotation(s, e, "anonymous", {
        "source_type": "anonymous", "source": "des sources sécuritaires", "source_id": None,
        "cue": "selon", "scope_start": t.index("douze roquettes auraient"),
        "scope_end": t.index(" « C'est")}, "rules")]
    s, e = span(t, "auraient")
    art.add("hedges", s, e, "hedge", backend="rules", kind="conditional", cue="conditionnel")
    art.layers["claims"] = [Annotation(body, t.index(" « C'est"), "claim", {
        "attribution": "anonymous", "hedged": True, "certainty_marker": False,
        "unsourced_assertion": False, "source": 0, "entities": [], "places": [], "times": [0],
        "figures": [0]}, "rules")]
    para = art.layer("segments")[2]
    art.add("techniques", para.start, para.end, "Loaded_Language", backend="model",
            kind="paragraph", paragraph=3, confidence=0.62)
    s, e = span(t, "attaque lâche")
    art.add("techniques", s, e, "Loaded_Language", backend="model", kind="span", paragraph=3,
            confidence=0.55, explanation="« lâche » juge l'attaque au lieu de la décrire.",
            family="manipulative_wording")
    for name, anns in list(art.layers.items()):
        art.set_layer(name, anns)
    return art


def test_round_trip_through_json() -> None:
    art = annotated_article()
    data = json.loads(json.dumps(art.to_dict()))
    back = Article.from_dict(data)
    assert back.to_dict() == art.to_dict()
    assert back.id == art.id and len(back.id) == 16
    # the "text" of each span is for readers; it is ignored when read back
    data["layers"]["figures"][0]["text"] = "something else"
    assert Article.from_dict(data).span_text(back.layer("figures")[0]) == "douze roquettes"


def test_full_article_is_valid(schema_errors: Any) -> None:
    assert schema_errors(annotated_article().to_dict()) == []


def test_schema_file_is_a_valid_draft_2020_12_schema(article_schema: dict[str, Any]) -> None:
    assert article_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(article_schema)


@pytest.mark.parametrize("breakage, path", [
    (lambda d: d.pop("layers"), "layers"),
    (lambda d: d.update(id="not-an-id"), "id"),
    (lambda d: d.update(schema=2), "schema"),
    (lambda d: d["layers"]["entities"][0].update(label="PERSON"), "entities"),
    (lambda d: d["layers"]["figures"][0].update(start=-1), "start"),
    (lambda d: d["layers"]["claims"][0]["attrs"].update(attribution="someone"), "attribution"),
    (lambda d: d["layers"]["techniques"][0].update(label="Loaded language"), "techniques"),
    (lambda d: d["meta"].update(published="17/11/2020"), "published"),
    (lambda d: d["meta"]["genre"].update(label="news"), "genre"),
    (lambda d: d["layers"]["segments"][0]["attrs"].pop("line"), "line"),
    (lambda d: d["layers"]["places"][0]["attrs"].update(country="Iraq"), "country"),
])
def test_schema_rejects_broken_articles(schema_errors: Any, breakage: Any, path: str) -> None:
    data = annotated_article().to_dict()
    breakage(data)
    errors = schema_errors(data)
    assert errors, f"a broken {path} was accepted"


def test_every_span_text_matches_the_text() -> None:
    data = annotated_article().to_dict()
    for anns in data["layers"].values():
        for ann in anns:
            assert 0 <= ann["start"] <= ann["end"] <= len(data["text"])
            assert data["text"][ann["start"]:ann["end"]] == ann["text"]
