"""Which sentences become which records, with a scripted classifier in place of the model
(the labels a reviewer saw it give), on a paragraph written for these tests: a casualty
toll joins the event it counts, a condemnation is no arrest, analysts' "may have" is no
event, a week-valued date does not make a past meeting planned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from unspin.events import records, slots
from unspin.events.classifier import EventScores
from unspin.events.cues import cue_lexicon
from unspin.events.records import EventSentence
from unspin.model import Annotation, Article
from unspin.stages.events import EventsOptions, EventsStage

SCRIPT = {
    "Deux obus": "shelling_artillery_missile_attack",
    "Au moins sept": "natural_disaster",
    "Le gouverneur": "arrests",
    "Des analystes": "air_drone_strike",
    "Une réunion": "diplomatic",
    "Des roquettes": "shelling_artillery_missile_attack",
    "Depuis octobre": "shelling_artillery_missile_attack",
}


class ScriptedClassifier:
    """Gives each sentence the label its opening words are scripted to."""

    def classify(self, texts: Sequence[str], languages: Sequence[str | None],
                 fallback: bool = True) -> list[EventScores]:
        out = []
        for text in texts:
            label = next(v for k, v in SCRIPT.items() if text.startswith(k))
            out.append(EventScores(label, 0.9, [(label, 0.9), ("attack", 0.05),
                                                ("other", 0.01)], False))
        return out


TEXT = ("Deux obus sont tombés lundi sur le marché de Kaya. Au moins sept personnes ont été "
        "tuées, selon un bilan provisoire de l'hôpital. Le gouverneur a condamné les tirs et "
        "ordonné l'ouverture d'une enquête. Des analystes estiment que des frappes similaires "
        "pourraient avoir eu lieu ailleurs.\nUne réunion des chefs militaires s'était tenue "
        "à Kaya il y a deux semaines.\n")


def _run() -> Article:
    article = Article.from_text(TEXT, published="2025-06-04", language="fr")
    second = TEXT.index("Une réunion")
    article.set_layer("segments", [Annotation(0, second - 1, "paragraph"),
                                   Annotation(second, len(TEXT) - 1, "paragraph")])
    week = TEXT.index("il y a deux semaines")
    article.set_layer("times", [Annotation(week, week + 20, "DATE",
                                           {"type": "DATE", "value": "2025-W21"})])
    seven = TEXT.index("sept")
    article.set_layer("figures", [Annotation(seven, seven + 4, "count", {"value": 7})])
    options = EventsOptions(min_confidence=0.3, fallback=False, default_language="fr",
                            max_sentences=50)
    classifier: Any = ScriptedClassifier()
    EventsStage(classifier, options).process(article)
    return article


def test_toll_joins_its_event_and_statements_and_speculation_are_no_events() -> None:
    events = _run().layer("events")
    assert [e.label for e in events] == ["shelling_artillery_missile_attack", "diplomatic"]
    attack = events[0].attrs
    assert len(attack["sentences"]) == 2  # the shelling and its toll
    assert attack["fatalities_total"] == 7
    assert events[1].attrs["modality"] == "actual"  # "s'était tenue", a 2025-W21 date


def test_arrest_needs_an_arrest_word() -> None:
    lex = cue_lexicon("fr")
    s = EventSentence((0, 1), 0, "arrests", 0.8, [("arrests", 0.8), ("attack", 0.1)], False,
                      (0, 1))
    assert records.require_arrest(s, "Le ministre a dénoncé une provocation.", lex) is None
    assert records.require_arrest(s, "Trois suspects ont été interpellés.", lex) == "arrests"
    assert records.require_arrest(s, "Des tirs ont visé une patrouille.", lex) == "attack"
    assert records.is_toll("Le bilan s'élève à douze morts.", lex)
    assert not records.is_toll("Le bilan de la réforme est mitigé.", lex)


def test_only_calendar_days_are_compared_with_the_publication_date() -> None:
    assert slots.calendar_day("2025-W21") == ""
    assert slots.calendar_day("PRESENT_REF") == ""
    assert slots.calendar_day("2025-06-02TEV") == "2025-06-02"


def test_a_date_of_a_sentence_from_another_paragraph_is_not_the_events() -> None:
    text = ("Des roquettes ont visé la base aérienne dans la nuit.\nDepuis octobre 2023, "
            "plus d'une trentaine de tirs de roquettes ont visé des bases de la coalition.\n")
    article = Article.from_text(text, published="2025-06-04", language="fr")
    second = text.index("Depuis")
    article.set_layer("segments", [Annotation(0, second - 1, "paragraph"),
                                   Annotation(second, len(text) - 1, "paragraph")])
    month = text.index("octobre 2023")
    article.set_layer("times", [Annotation(month, month + 12, "DATE",
                                           {"type": "DATE", "value": "2023-10"})])
    options = EventsOptions(min_confidence=0.3, fallback=False, default_language="fr",
                            max_sentences=50)
    classifier: Any = ScriptedClassifier()
    EventsStage(classifier, options).process(article)
    attack = article.layer("events")[0].attrs
    assert attack["date"] is None and attack["date_value"] == "2025-06-04"
    assert attack["date_precision"] == "published"
