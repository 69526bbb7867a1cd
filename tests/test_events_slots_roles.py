"""Who did what to whom, what was counted and when, on sentences written for these tests:
targets and sources are never perpetrators, only people are counted, ACLED dates are dates."""

from __future__ import annotations

import pytest

from unspin.events import slots
from unspin.events.cues import cue_lexicon
from unspin.export import acled_date
from unspin.model import Annotation, Article


def _article(text: str, entities: list[tuple[str, dict[str, str]]] = (),  # type: ignore[assignment]
             sources: list[str] = (), figures: list[str] = ()  # type: ignore[assignment]
             ) -> Article:
    article = Article.from_text(text, published="2025-06-04", language="fr")
    article.set_layer("entities", [
        Annotation(text.index(word), text.index(word) + len(word), "entity", attrs)
        for word, attrs in entities])
    article.set_layer("sources", [Annotation(text.index(w), text.index(w) + len(w), "anonymous")
                                  for w in sources])
    article.set_layer("figures", [Annotation(text.index(w), text.index(w) + len(w), "count",
                                             {"value": 3}) for w in figures])
    return article


def _actors(article: Article, trigger: str) -> tuple[object, object]:
    lex = cue_lexicon("fr")
    index = slots.LayerIndex(article)
    span = (0, len(article.text))
    start = article.text.index(trigger)
    target = slots.target_of(index, span, start + len(trigger), lex)
    mentions = slots.actor_mentions(index, span, lex)
    actor1, actor2, _ = slots.choose_actors(mentions, start, article.text, lex, target)
    return actor1, actor2


US = {"type": "state", "form": "demonym", "id": "unspin:state:us", "name": "United States"}


def test_a_demonym_inside_the_target_is_the_target_not_the_perpetrator() -> None:
    article = _article("Trois roquettes se sont abattues jeudi soir sur l'ambassade américaine "
                       "à Bagdad.", [("américaine", US)])
    actor1, actor2 = _actors(article, "roquettes")
    assert actor1 is None
    assert isinstance(actor2, dict) and actor2["name"] == "United States"


def test_a_source_is_never_an_actor() -> None:
    text = ("Selon le gouvernement régional, des hommes armés non identifiés ont attaqué un "
            "convoi près de Dohouk.")
    article = _article(text)
    actor1, _ = _actors(article, "attaqué")
    assert isinstance(actor1, dict) and actor1["text"] == "hommes armés"
    assert actor1["name"] == "Unidentified armed group"
    # the same with the phrase found by the sources stage and no "selon"
    text2 = "Les autorités locales affirment que des assaillants ont attaqué un convoi."
    article2 = _article(text2, sources=["Les autorités locales"])
    actor1, _ = _actors(article2, "attaqué")
    assert isinstance(actor1, dict) and actor1["text"] == "assaillants"


def test_victims_named_after_the_trigger_are_not_the_perpetrator() -> None:
    article = _article("Une mine a explosé au passage d'une patrouille, tuant trois soldats.")
    actor1, actor2 = _actors(article, "mine")
    assert actor1 is None
    assert isinstance(actor2, dict) and actor2["text"] == "soldats"
    clash = _article("De violents combats ont opposé l'armée à des rebelles près de Goma.")
    actor1, actor2 = _actors(clash, "combats")
    assert isinstance(actor1, dict) and actor1["text"] == "armée"
    assert isinstance(actor2, dict) and actor2["text"] == "rebelles"


def test_only_figures_counting_people_are_fatalities() -> None:
    text = ("Les rebelles ont tiré trois obus qui ont tué deux enfants dans la cour de "
            "l'école, blessant quatre autres élèves.")
    article = _article(text, figures=["trois", "deux", "quatre"])
    found = slots.counts(slots.LayerIndex(article), [(0, len(text))], cue_lexicon("fr"))
    assert found == {"fatalities": [1], "injured": [2], "arrested": []}
    lex = cue_lexicon("fr")
    assert not slots.counts_people("12 obus tombés", 2, lex)
    assert slots.counts_people("12 civils", 2, lex)
    assert slots.counts_people("tuant 12.", 9, lex)
    assert slots.counts_people("douze d'entre eux", 5, lex)


@pytest.mark.parametrize("value, precision, expected", [
    ("2025-06-02", "sentence", ("2025-06-02", 1)),
    ("2025-06-02T14:00", "sentence", ("2025-06-02", 1)),
    ("PRESENT_REF", "sentence", ("2025-06-04", 2)),
    ("2020-W44", "sentence", ("2020-10-29", 2)),
    ("2019-10", "sentence", ("2019-10-15", 3)),
    ("2021", "sentence", ("", 3)),
    ("PAST_REF", "sentence", ("", None)),
    ("2025-02-30", "sentence", ("", None)),
    ("2025-06-04", "published", ("2025-06-04", 2)),
])
def test_acled_event_date_is_a_date_with_its_precision(value: str, precision: str,
                                                       expected: tuple[str, int | None]
                                                       ) -> None:
    assert acled_date(value, precision, "2025-06-04") == expected


def test_a_body_announcing_its_own_move_stays_its_actor_but_selon_never() -> None:
    text = "Le ministère de la Défense a annoncé que son contingent quittera la base d'ici mars."
    article = _article(text, sources=["Le ministère de la Défense"])
    mentions = slots.actor_mentions(slots.LayerIndex(article), (0, len(text)), cue_lexicon("fr"))
    assert [m["text"] for m in mentions] == ["ministère de la Défense"]
    assert all("cited" not in m for m in mentions)
    cited = _article("Selon l'armée, la base a été évacuée dans la nuit.")
    assert slots.actor_mentions(slots.LayerIndex(cited), (0, 49), cue_lexicon("fr")) == []


def test_a_state_only_placing_the_event_is_no_actor() -> None:
    syria = {"type": "state", "form": "name", "id": "unspin:state:sy", "name": "Syria"}
    iraq = {"type": "state", "form": "name", "id": "unspin:state:iq", "name": "Iraq"}
    text = "A drone strike hit a fuel convoy near the Syria-Iraq border late on Sunday."
    article = _article(text, [("Syria", syria), ("Iraq", iraq)])
    lex = cue_lexicon("en")
    assert slots.actor_mentions(slots.LayerIndex(article), (0, len(text)), lex) == []
    text2 = "On Sunday, Syria struck a fuel convoy, and Iraq protested."
    article2 = _article(text2, [("Syria", syria), ("Iraq", iraq)])
    mentions = slots.actor_mentions(slots.LayerIndex(article2), (0, len(text2)), lex)
    assert [m["name"] for m in mentions] == ["Syria", "Iraq"]


def test_many_states_and_sources_in_one_sentence_go_through() -> None:
    # linear, not timed: thousands of mentions each inside a source phrase
    unit = "selon la Syrie et l'armée, "
    text = unit * 4000 + "des obus sont tombés."
    article = Article.from_text(text, published="2025-06-04", language="fr")
    syria = {"type": "state", "form": "name", "id": "unspin:state:sy", "name": "Syria"}
    starts = [i * len(unit) for i in range(4000)]
    article.set_layer("entities", [Annotation(s + 9, s + 14, "entity", syria) for s in starts])
    article.set_layer("sources", [Annotation(s + 6, s + 25, "named_organisation",
                                             {"cue": "selon"}) for s in starts])
    mentions = slots.actor_mentions(slots.LayerIndex(article), (0, len(text)),
                                    cue_lexicon("fr"))
    assert mentions == []  # every one of them only reports
