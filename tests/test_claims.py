"""The claims stage: check-worthy sentences, their attribution, and the article counts."""

from __future__ import annotations

import pytest

from unspin.model import Annotation, Article
from unspin.stage import Stage, make_stage

WHO_STAGES = ("quotes", "sources", "hedges", "claims")


@pytest.fixture(scope="module")
def parse() -> Stage:
    return make_stage("parse", {"models": {"fr": "fr_core_news_md"}})


def run(parse: Stage, text: str, language: str = "fr",
        layers: dict[str, list[Annotation]] | None = None) -> Article:
    article = Article.from_text(text, language=language)
    for name, anns in (layers or {}).items():
        article.set_layer(name, anns)
    parse(article)
    for name in WHO_STAGES:
        make_stage(name)(article)
    return article


def claims(article: Article) -> list[tuple[str, str, bool, bool]]:
    return [(article.span_text(c), c.attrs["attribution"], c.attrs["hedged"],
             c.attrs["certainty_marker"]) for c in article.layer("claims")]


@pytest.mark.parametrize("text, language, attribution, hedged, certainty", [
    ("Selon la préfecture, 2 300 manifestants ont défilé dans le centre-ville.", "fr",
     "named", False, False),
    ("D'après une source diplomatique, Moscou aurait proposé un échange de prisonniers.",
     "fr", "anonymous", True, False),
    ("L'aviation a bombardé trois ponts sur le fleuve dans la nuit de lundi.", "fr",
     "unattributed", False, False),
    ("De toute évidence, le gouvernement cherche à museler la presse indépendante.", "fr",
     "unattributed", False, True),
    ("Two hospitals were hit by shelling overnight, local officials said.", "en",
     "anonymous", False, False),
    ("The army clearly wants to push the rebels out of the valley before winter.", "en",
     "unattributed", False, True),
    ("The electricity company said 40,000 homes had lost power after the storm.", "en",
     "named", False, False),
])
def test_attribution(parse: Stage, text: str, language: str, attribution: str, hedged: bool,
                     certainty: bool) -> None:
    (claim,) = claims(run(parse, text, language))
    assert claim[1:] == (attribution, hedged, certainty)


def test_sentence_in_quote_is_attributed_to_speaker(parse: Stage) -> None:
    text = ("« Les réserves de farine seront épuisées dans dix jours. Ensuite, ce sera la "
            "famine », a averti le directeur du Programme alimentaire mondial, Paul Girard.")
    article = run(parse, text)
    found = claims(article)
    assert len(found) == 2
    assert all(c[1] == "named" for c in found)
    sources = article.layer("sources")
    assert {c.attrs["source"] for c in article.layer("claims")} == {0}
    assert sources[0].attrs["source"].endswith("Paul Girard")


def test_unsourced_assertion(parse: Stage) -> None:
    article = run(parse, "Il est clair que le régime a orchestré ces attentats pour justifier "
                         "la répression.")
    (claim,) = article.layer("claims")
    assert claim.attrs["unsourced_assertion"] is True
    assert article.meta["who_says_so"]["unsourced_assertions"] == 1


@pytest.mark.parametrize("text", [
    "Qui a donné l'ordre de tirer sur la foule ?",
    "Quelle honte !",
    "Le maire a appelé au calme.",
    "Si les pluies continuent, la digue cèdera.",
    "L'information n'a pas pu être vérifiée de manière indépendante.",
])
def test_not_a_claim(parse: Stage, text: str) -> None:
    assert claims(run(parse, text)) == []


def test_only_body_paragraphs_when_segments_exist(parse: Stage) -> None:
    title = "Deux soldats tués dans une embuscade au Mali"
    body = "Deux soldats ont été tués mardi dans une embuscade près de Gao, selon l'armée."
    text = f"{title}\n{body}"
    segments = [Annotation(0, len(title), "title", {"line": 1}),
                Annotation(len(title) + 1, len(text), "paragraph", {"line": 2, "index": 1})]
    found = claims(run(parse, text, layers={"segments": segments}))
    assert [c[0] for c in found] == [body]


def test_indices_of_other_layers(parse: Stage) -> None:
    text = "Selon la police, 14 personnes ont été arrêtées à Lyon samedi."
    start = text.index("14")
    figures = [Annotation(start, start + 2, "count", {"value": 14})]
    article = run(parse, text, layers={"figures": figures})
    (claim,) = article.layer("claims")
    assert claim.attrs["figures"] == [0]
    assert claim.attrs["source"] == 0
    assert claim.attrs["places"] == [] and claim.attrs["times"] == []


def test_article_counts(parse: Stage) -> None:
    text = ("Selon des témoins, des blindés sont entrés dans la ville à l'aube. "
            "Le ministère de la Défense a affirmé que 12 insurgés avaient été tués. "
            "Évidemment, l'opération a été planifiée depuis des mois. "
            "Les combats auraient fait des victimes civiles.")
    counts = run(parse, text).meta["who_says_so"]
    assert counts == {
        "claims": 4, "unattributed": 2, "anonymous": 1, "named": 1, "hedged": 1,
        "certainty": 1, "unsourced_assertions": 1, "unattributed_share": 0.5,
        "anonymous_share": 0.25, "hedged_share": 0.25,
    }


def test_no_claims_gives_null_shares(parse: Stage) -> None:
    counts = run(parse, "Pourquoi maintenant ?").meta["who_says_so"]
    assert counts["claims"] == 0 and counts["unattributed_share"] is None


def test_trailing_caveat_does_not_hide_the_claim(parse: Stage) -> None:
    text = ("The rebels said 30 soldiers were killed in the ambush, a figure that could not "
            "be independently verified.")
    ((_, attribution, _, _),) = claims(run(parse, text, "en"))
    assert attribution == "named"


def test_cited_source_does_not_override_the_citing_one(parse: Stage) -> None:
    text = ("The Wall Street Journal reported on Sunday that Iran had supplied the rebels with "
            "missile parts, citing U.S. officials.")
    assert claims(run(parse, text, "en"))[0][1] == "named"


def test_unresolved_pronoun_counts_as_anonymous(parse: Stage) -> None:
    found = claims(run(parse, "Il a affirmé que 40 soldats avaient été tués lundi."))
    assert found and found[0][1] == "anonymous"


@pytest.mark.parametrize("text, language", [
    ("Le ministre a appelé les préfets à appliquer la mesure sans délai.", "fr"),
    ("Ces propos n'ont pas été confirmés par le gouvernement.", "fr"),
    ("Reuters was unable to verify the authenticity of the footage.", "en"),
    ("The envoy urged both parties to return to the negotiating table.", "en"),
])
def test_calls_and_caveats_are_not_claims(parse: Stage, text: str, language: str) -> None:
    assert claims(run(parse, text, language)) == []


def test_invitation_to_a_place_stays_a_claim(parse: Stage) -> None:
    found = claims(run(parse, "Le président a invité son homologue russe à Alger en mars."))
    assert len(found) == 1
