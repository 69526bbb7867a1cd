"""The sources stage: attribution phrases, their types, cues and scopes."""

from __future__ import annotations

import importlib.util

import pytest

from unspin.model import Article
from unspin.stage import Stage, make_stage


@pytest.fixture(scope="module")
def parse() -> Stage:
    return make_stage("parse", {"models": {"fr": "fr_core_news_md"}})


def run(parse: Stage, text: str, language: str = "fr") -> Article:
    article = Article.from_text(text, language=language)
    parse(article)
    for name in ("quotes", "sources"):
        make_stage(name)(article)
    return article


def found(article: Article) -> list[tuple[str, str]]:
    return [(article.span_text(s), s.label) for s in article.layer("sources")]


@pytest.mark.parametrize("text, language, source, source_type", [
    ("Selon des sources militaires, une colonne de blindés a franchi la frontière.", "fr",
     "des sources militaires", "anonymous"),
    ("D'après des témoins, les tirs ont duré plus d'une heure.", "fr", "des témoins",
     "anonymous"),
    ("Certains observateurs estiment que le scrutin a été truqué.", "fr",
     "Certains observateurs", "anonymous"),
    (("Un haut responsable sécuritaire, qui a requis l'anonymat, a indiqué que le chef du "
     "réseau avait fui."), "fr", "Un haut responsable sécuritaire, qui a requis l'anonymat",
     "anonymous"),
    ("Le ministère de l'Intérieur a annoncé que 320 personnes avaient été interpellées.", "fr",
     "Le ministère de l'Intérieur", "named_organisation"),
    (("La porte-parole du gouvernement, Inès Lambert, a affirmé que l'aide serait "
     "débloquée."), "fr", "La porte-parole du gouvernement, Inès Lambert", "named_person"),
    ("Selon un rapport de l'OMS, le choléra s'est propagé dans quatre provinces.", "fr",
     "un rapport de l'OMS", "document"),
    ("Le convoi a été pris pour cible près de Goma, a rapporté l'agence Reuters.", "fr",
     "l'agence Reuters", "media"),
    ("Selon notre correspondant sur place, la ville est quasiment déserte.", "fr",
     "notre correspondant", "media"),
    ("The strike killed at least six people, officials said.", "en", "officials",
     "anonymous"),
    (("According to a statement from the ministry, the border crossing will reopen on "
     "Monday."), "en", "a statement from the ministry", "document"),
    ("Sources close to the talks said the deal was almost done.", "en",
     "Sources close to the talks", "anonymous"),
    ("Foreign Minister Karl Brandt told reporters that the embassy would stay open.", "en",
     "Foreign Minister Karl Brandt", "named_person"),
    ("The ministry of health said 48 patients had been evacuated.", "en",
     "The ministry of health", "named_organisation"),
])
def test_source_phrase_and_type(parse: Stage, text: str, language: str, source: str,
                                source_type: str) -> None:
    article = run(parse, text, language)
    assert (source, source_type) in found(article)


def test_scope_after_que(parse: Stage) -> None:
    text = "Le gouverneur a annoncé que le couvre-feu serait levé samedi."
    (src,) = run(parse, text).layer("sources")
    assert src.attrs["cue"] == "a annoncé"
    assert text[src.attrs["scope_start"]:src.attrs["scope_end"]] == \
        "le couvre-feu serait levé samedi"


def test_scope_before_inverted_cue(parse: Stage) -> None:
    text = "Trois roquettes sont tombées sur le marché, a indiqué la police locale."
    (src,) = run(parse, text).layer("sources")
    assert article_text(text, src) == "la police locale"
    assert text[src.attrs["scope_start"]:src.attrs["scope_end"]] == \
        "Trois roquettes sont tombées sur le marché"


def article_text(text: str, src: object) -> str:
    return text[src.start:src.end]  # type: ignore[attr-defined]


def test_scope_after_selon(parse: Stage) -> None:
    text = "Selon la Croix-Rouge, 12 000 personnes ont fui les combats."
    (src,) = run(parse, text).layer("sources")
    assert src.attrs["cue"] == "selon"
    assert text[src.attrs["scope_start"]:src.attrs["scope_end"]] == \
        "12 000 personnes ont fui les combats"


def test_quote_speaker_is_a_source_scoped_on_the_quote(parse: Stage) -> None:
    text = "« Nous avons perdu le contact avec l'équipage », a déclaré l'armateur grec Nikos Pappas."
    article = run(parse, text)
    quote = article.layer("quotes")[0]
    (src,) = article.layer("sources")
    assert article.span_text(src) == "l'armateur grec Nikos Pappas"
    assert (src.attrs["scope_start"], src.attrs["scope_end"]) == (quote.start, quote.end)


def test_pronoun_source_takes_type_of_antecedent(parse: Stage) -> None:
    text = ("Des diplomates occidentaux ont évoqué une possible médiation. Selon eux, "
            "Ankara aurait déjà pris contact avec les deux parties.")
    sources = run(parse, text).layer("sources")
    assert [(s.label, s.attrs.get("resolved_from")) for s in sources] == [
        ("anonymous", None), ("anonymous", "eux")]
    assert sources[1].attrs["source"] == "Des diplomates occidentaux"


@pytest.mark.parametrize("text, language", [
    ("L'armée n'a pas confirmé ces informations.", "fr"),
    ("Selon toute vraisemblance, le barrage cédera avant l'hiver.", "fr"),
    ("Le suspect a été condamné à dix ans de prison.", "fr"),
    ("Citing security concerns, the airline suspended its flights.", "en"),
])
def test_no_attribution(parse: Stage, text: str, language: str) -> None:
    assert run(parse, text, language).layer("sources") == []


@pytest.mark.skipif(importlib.util.find_spec("unspin.stages.entities") is None,
                    reason="entities stage not available")
def test_source_linked_to_entity(parse: Stage) -> None:
    article = Article.from_text("L'Organisation mondiale de la santé a affirmé que 40 000 "
                                "cas avaient été recensés.", language="fr")
    parse(article)
    for name in ("entities", "quotes", "sources"):
        make_stage(name)(article)
    (src,) = article.layer("sources")
    ents = [e for e in article.layer("entities") if src.start <= e.start and e.end <= src.end
            and e.attrs.get("id")]
    if not ents:
        pytest.skip("the entities stage does not link this name")
    assert src.attrs["source_id"] == ents[0].attrs["id"]


@pytest.mark.parametrize("text, source", [
    ("Deux suspects ont été interpellés, a-t-on appris de source judiciaire.",
     "source judiciaire"),
    ("Le dépôt a été entièrement détruit, a-t-on indiqué de source proche de l'enquête.",
     "source proche de l'enquête"),
])
def test_de_source_is_anonymous(parse: Stage, text: str, source: str) -> None:
    assert (source, "anonymous") in found(run(parse, text))


def test_anonymous_source_keeps_organisation_out_of_source_id(parse: Stage) -> None:
    (src,) = run(parse, "Un responsable du Hamas a affirmé que les négociations étaient "
                        "suspendues.").layer("sources")
    assert src.label == "anonymous"
    assert src.attrs["source_id"] is None
    assert "affiliation_id" in src.attrs


@pytest.mark.parametrize("text, language, source, source_type", [
    ("Pour le politologue Ahmed Nasser, le régime ne survivra pas à cette crise.", "fr",
     "le politologue Ahmed Nasser", "named_person"),
    (("Two officials, who spoke on the condition that they not be named, said the talks "
     "had collapsed."), "en",
     "Two officials, who spoke on the condition that they not be named", "anonymous"),
    ("D'après les informations du Figaro, le ministre va démissionner.", "fr",
     "les informations du Figaro", "media"),
])
def test_more_source_forms(parse: Stage, text: str, language: str, source: str,
                           source_type: str) -> None:
    assert (source, source_type) in found(run(parse, text, language))


def test_relative_clause_pronoun_is_not_a_source(parse: Stage) -> None:
    text = "Les grévistes visent le directeur, qu'ils jugent responsable des licenciements."
    assert run(parse, text).layer("sources") == []


@pytest.mark.parametrize("text, language, source, source_type", [
    ("Les rebelles affirment avoir abattu un hélicoptère, ce que l'armée dément.", "fr",
     "l'armée", "named_organisation"),
    ("Le quotidien Haaretz, citant des officiers, affirme que l'offensive va durer.", "fr",
     "Le quotidien Haaretz", "media"),
    ("The ministry, in a statement, said that the border would stay closed.", "en",
     "The ministry", "named_organisation"),
    ("The report, which was seen by Reuters, says that the militia was paid.", "en",
     "The report, which was seen by Reuters", "document"),
])
def test_asides_and_relatives(parse: Stage, text: str, language: str, source: str,
                              source_type: str) -> None:
    assert (source, source_type) in found(run(parse, text, language))


def test_pronoun_agrees_in_number_with_its_antecedent(parse: Stage) -> None:
    text = ("Des témoins ont raconté la scène. Le maire Paul Dubois a évoqué un drame. "
            "Selon eux, les tirs ont duré toute la nuit.")
    last = run(parse, text).layer("sources")[-1]
    assert (last.attrs["resolved_from"], last.attrs["source"], last.label) == (
        "eux", "Des témoins", "anonymous")


# -- Subjects that are not sources, and types beyond the first gold ---------------------

@pytest.mark.parametrize("text, language, source, source_type", [
    # Two coordinated verbs share the subject.
    (("Prime Minister Anwar Haddad called the attack cowardly and said the perpetrators "
      "would be found."), "en", "Prime Minister Anwar Haddad", "named_person"),
    # A country without an entities layer: the registry says it is a state.
    ("Israël a affirmé avoir détruit un dépôt d'armes près de Damas.", "fr", "Israël",
     "named_organisation"),
    ('Tehran dismissed the report as "baseless propaganda aimed at the region".', "en",
     "Tehran", "named_organisation"),
    # An outlet stays media after an indefinite or before ", proche du …".
    ("Plusieurs médias turcs affirment que le suspect a été arrêté à Istanbul.", "fr",
     "Plusieurs médias turcs", "media"),
    (("Selon le quotidien libanais Al-Akhbar, proche du Hezbollah, des émissaires seraient "
      "arrivés mardi."), "fr", "le quotidien libanais Al-Akhbar", "media"),
    # The document heads the phrase; the outlet only read it.
    ("Leaked documents seen by the BBC suggest the order was given in March.", "en",
     "Leaked documents seen by the BBC", "document"),
    ("Comme l'a révélé notre site la semaine dernière, les deux ministres se sont rencontrés.",
     "fr", "notre site", "media"),
    ("Des informations non confirmées font état de l'arrestation d'un ancien ministre.", "fr",
     "Des informations non confirmées", "anonymous"),
    ("Pour certains analystes, la multiplication des attaques montre l'échec de la stratégie.",
     "fr", "certains analystes", "anonymous"),
    ("Lire aussi : Au Sahel, la guerre des drones\nLe convoi a été attaqué lundi.", "fr",
     "Lire aussi", "media"),
])
def test_more_source_types(parse: Stage, text: str, language: str, source: str,
                           source_type: str) -> None:
    assert (source, source_type) in found(run(parse, text, language))


@pytest.mark.parametrize("text, language", [
    ("La défaite de Bakhmout avait annoncé un tournant dans la guerre.", "fr"),
    ("Il a appelé les alliés à accélérer les livraisons de munitions.", "fr"),
    ("No country has claimed responsibility for the strike.", "en"),
])
def test_not_a_source(parse: Stage, text: str, language: str) -> None:
    assert found(run(parse, text, language)) == []


def test_pronoun_without_antecedent_is_not_guessed_to_be_a_person(parse: Stage) -> None:
    sources = run(parse, "Il a affirmé que les négociations reprendraient lundi.").layer(
        "sources")
    assert [(s.label, s.attrs["source"], s.attrs.get("unresolved")) for s in sources] == [
        ("anonymous", None, True)]


@pytest.mark.parametrize("text, source, source_type", [
    # a group named through one of its members is that member's kind
    ("Plusieurs syndicats, dont la CFDT, ont dénoncé un passage en force.",
     "Plusieurs syndicats, dont la CFDT", "named_organisation"),
    # an organisation head wins over the name it carries
    ("La milice Ahl al-Haqq a revendiqué l'enlèvement des deux ingénieurs.",
     "La milice Ahl al-Haqq", "named_organisation"),
    # "Libération" is an outlet, "Front de libération" is not
    ("Le Front de libération du Sud a rejeté le calendrier électoral.",
     "Le Front de libération du Sud", "named_organisation"),
    # documents: images, a bill
    ("Deux hangars ont brûlé, d'après des images satellites diffusées par la société Skyview.",
     "des images satellites diffusées par la société Skyview", "document"),
    # a role without a known title, then the person's name
    ("Le candidat des écologistes, Marc Aubry, a affirmé que les bulletins manquaient.",
     "Le candidat des écologistes, Marc Aubry", "named_person"),
])
def test_source_types_of_issue_8(parse: Stage, text: str, source: str, source_type: str
                                 ) -> None:
    assert (source, source_type) in found(run(parse, text))


def test_relative_qui_takes_its_antecedent(parse: Stage) -> None:
    text = ("Le ministère a répondu par la voix de sa porte-parole, Salma Idrissi, qui a "
            "qualifié le rapport de « tissu de mensonges sans aucune preuve ».")
    assert ("Salma Idrissi", "named_person") in found(run(parse, text))


def test_writer_forecast_in_the_future_is_not_a_source(parse: Stage) -> None:
    forecast = run(parse, "Évidemment, Washington accusera les milices pro-iraniennes.")
    assert found(forecast) == []
    # the journalistic future reports past speech: it is followed by what was said
    told = run(parse, "Le général déclarera plus tard que l'offensive était prématurée.")
    assert [s for s, _ in found(told)] == ["Le général"]


def test_writer_sentence_adverb_is_not_part_of_the_source(parse: Stage) -> None:
    article = run(parse, "Évidemment, le ministère a démenti toute implication dans l'attaque.")
    assert [s for s, _ in found(article)] == ["le ministère"]
