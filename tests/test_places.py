"""The places stage: gazetteer matching, variant spellings, context, sites, false friends."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.model import Annotation, Article
from unspin.stage import make_stage


@pytest.fixture(scope="module")
def places():
    return make_stage("places", {})


def run(stage, text: str, lang: str = "fr", entities: list[Annotation] | None = None) -> Article:
    article = Article.from_text(text, language=lang)
    if entities is not None:
        article.set_layer("entities", entities)
    stage(article)
    return article


def found(article: Article) -> dict[str, dict]:
    return {article.span_text(a): {"label": a.label, **a.attrs} for a in article.layer("places")}


@pytest.mark.parametrize(
    ("spelling", "country", "name"),
    [
        ("Mossoul", "IQ", "Mosul"),
        ("Mosul", "IQ", "Mosul"),
        ("Deir ez-Zour", "SY", "Deir ez-Zor"),
        ("Deir Ezzor", "SY", "Deir ez-Zor"),
        ("Kirkouk", "IQ", "Kirkuk"),
        ("al-Raqqa", "SY", "Ar Raqqah"),
        ("Rakka", "SY", "Ar Raqqah"),
        ("Bagdad", "IQ", "Baghdad"),
        ("Alep", "SY", "Aleppo"),
        ("Idleb", "SY", "Idlib"),
        ("Falloujah", "IQ", None),
        ("Irbil", "IQ", None),
        ("Bassora", "IQ", None),
        ("Kiev", "UA", "Kyiv"),
        ("Kharkov", "UA", "Kharkiv"),
        ("Louhansk", "UA", "Luhansk"),
        ("Bakhmout", "UA", None),
        ("Marioupol", "UA", "Mariupol"),
        ("Zaporijia", "UA", None),
        ("Beyrouth", "LB", "Beirut"),
        ("Tombouctou", "ML", None),
        ("Ménaka", "ML", None),
        ("Hodeïda", "YE", None),
        ("Téhéran", "IR", None),
        ("Pékin", "CN", "Beijing"),
        ("Moscou", "RU", "Moscow"),
    ],
)
def test_city_spellings_resolve_to_one_city(places, spelling, country, name):
    art = run(places, f"Des frappes ont été signalées à {spelling} dans la nuit de lundi.")
    got = found(art)
    assert spelling in got, got
    assert got[spelling]["label"] == "city"
    assert got[spelling]["country"] == country
    assert isinstance(got[spelling]["lat"], float) and isinstance(got[spelling]["lon"], float)
    if name:
        assert got[spelling]["name"] == name


def test_city_attrs_follow_the_schema(places):
    got = found(run(places, "L'armée irakienne est entrée dans Mossoul en juillet."))
    mosul = got["Mossoul"]
    assert set(mosul) >= {"name", "lat", "lon", "country", "admin1", "feature", "geonameid"}
    assert mosul["feature"] == "city" and isinstance(mosul["geonameid"], int)
    assert abs(mosul["lat"] - 36.34) < 0.2 and abs(mosul["lon"] - 43.13) < 0.2


def test_countries_in_french_and_english(places):
    fr = found(run(places, "La Syrie, l'Irak et les États-Unis ont signé ; la Russie et la Corée du Nord non."))
    assert {k: v["country"] for k, v in fr.items()} == {
        "Syrie": "SY", "Irak": "IQ", "États-Unis": "US", "Russie": "RU", "Corée du Nord": "KP"}
    assert all(v["label"] == "country" for v in fr.values())
    en = found(run(places, "Syria and Iraq accused the US and the United Kingdom.", lang="en"))
    assert {k: v["country"] for k, v in en.items()} == {
        "Syria": "SY", "Iraq": "IQ", "US": "US", "United Kingdom": "GB"}


def test_tripoli_follows_the_article_context(places):
    libya = found(run(places, "Les milices libyennes ont encerclé Tripoli, selon le gouvernement de Libye."))
    lebanon = found(run(places, "À Tripoli, dans le nord du Liban, l'armée libanaise a déployé des blindés."))
    assert libya["Tripoli"]["country"] == "LY"
    assert lebanon["Tripoli"]["country"] == "LB"


def test_bare_kurdistan_follows_the_article_context(places):
    iraq = found(run(places, "Erbil, 4 mars — Les autorités du Kurdistan ont fermé deux points "
                             "de passage, a indiqué le gouvernement irakien."))
    iran = found(run(places, "Téhéran, 4 mars — Des manifestations ont eu lieu au Kurdistan, "
                             "selon les autorités iraniennes."))
    alone = found(run(places, "Les autorités du Kurdistan ont fermé deux points de passage."))
    assert iraq["Kurdistan"]["country"] == "IQ"
    assert iran["Kurdistan"]["country"] == "IR"
    # without context, the autonomous region the press means most often
    assert alone["Kurdistan"]["country"] == "IQ"


def test_french_short_city_name_is_the_french_city(places):
    got = found(run(places, "Le XV de France s'est imposé à Clermont face à l'Irlande."))
    assert (got["Clermont"]["name"], got["Clermont"]["country"]) == ("Clermont-Ferrand", "FR")


def test_tripoli_context_from_demonyms_alone(places):
    got = found(run(places, "Des tirs ont visé Tripoli mardi, ont rapporté des sources libanaises."))
    assert got["Tripoli"]["country"] == "LB"


def test_entities_layer_countries_are_context(places):
    ents = [Annotation(0, 5, "LOC", {"country": "LB", "type": "state"})]
    got = found(run(places, "Pays: les heurts de Tripoli ont fait trois blessés.", entities=ents))
    assert got["Tripoli"]["country"] == "LB"


def test_known_sites_cover_their_cue_phrase(places):
    text = ("Deux roquettes ont visé la base d'al-Tanf, puis la zone verte et le quartier de "
            "Karrada à Bagdad.")
    art = run(places, text)
    got = found(art)
    assert got["base d'al-Tanf"]["label"] == "site"
    assert got["base d'al-Tanf"]["country"] == "SY"
    assert got["base d'al-Tanf"]["resolved_to"] == "site"
    assert got["zone verte"]["name"] == "Green Zone"
    assert got["quartier de Karrada"]["name"] == "Karrada"
    assert got["Bagdad"]["label"] == "city"


def test_unknown_site_is_located_at_its_city_saying_so(places):
    got = found(run(places, "Un attentat a frappé le quartier de Zayouna à Bagdad."))
    site = got["quartier de Zayouna"]
    assert site["label"] == "site" and site["resolved_to"] == "city"
    assert site["country"] == "IQ" and site["name"] == "Baghdad"
    assert "Zayouna" in site["note"] and "Baghdad" in site["note"]


def test_unknown_airport_named_after_its_city(places):
    got = found(run(places, "L'aéroport de Kirkouk a été fermé après l'attaque."))
    assert got["aéroport de Kirkouk"]["resolved_to"] == "city"
    assert got["aéroport de Kirkouk"]["country"] == "IQ"


def test_english_site_cues(places):
    text = "Rockets hit Ain al-Asad air base and the Karrada district of Baghdad on Tuesday."
    got = found(run(places, text, lang="en"))
    assert got["Ain al-Asad air base"]["label"] == "site"
    assert got["Ain al-Asad air base"]["country"] == "IQ"
    assert got["Karrada district"]["name"] == "Karrada"


def test_province_cue_forces_the_subdivision(places):
    art = run(places, "Les combats se poursuivent dans la province d'Idleb et à Idleb même.")
    province, city = art.layer("places")
    assert (art.span_text(province), province.label) == ("Idleb", "admin1")
    assert (art.span_text(city), city.label) == ("Idleb", "city")
    assert province.attrs["country"] == city.attrs["country"] == "SY"


def test_curated_regions(places):
    got = found(run(places, "Le gouvernorat de Ninive, la bande de Gaza, la Cisjordanie et la Crimée."))
    assert got["Ninive"]["label"] == "admin1" and got["Ninive"]["country"] == "IQ"
    assert got["bande de Gaza"]["country"] == "PS"
    assert got["Cisjordanie"]["country"] == "PS"
    assert got["Crimée"]["country"] == "UA"


@pytest.mark.parametrize(
    "text",
    [
        "Selon le ministère, la situation reste tendue.",
        "Mardi, le porte-parole a démenti.",
        "Vladimir Poutine a reçu son homologue.",
        "Durant la nuit, aucun tir n'a été entendu.",
        "Mille personnes ont manifesté.",
        "The march started in the morning; people may march again.",
    ],
)
def test_common_words_and_names_are_not_places(places, text):
    assert run(places, text, lang="en" if text.startswith("The") else "fr").layer("places") == []


def test_person_span_from_entities_is_not_a_place(places):
    text = "Le général Jordan a parlé."
    ents = [Annotation(3, 17, "PER", {})]
    assert run(places, text, entities=ents).layer("places") == []


def test_extra_gazetteer_file(tmp_path: Path):
    extra = tmp_path / "places.toml"
    extra.write_text(
        '[[site]]\nname = "Camp Zulu"\nnames = ["Camp Zulu"]\nkind = "base"\n'
        'country = "IQ"\nlat = 33.1\nlon = 44.1\n', encoding="utf-8")
    stage = make_stage("places", {"extra_files": [str(extra)]})
    got = found(run(stage, "Des tirs ont visé Camp Zulu hier soir."))
    assert got["Camp Zulu"]["label"] == "site" and got["Camp Zulu"]["lat"] == 33.1


def test_missing_extra_file_says_how_to_fix(tmp_path: Path):
    from unspin.errors import ConfigError

    with pytest.raises(ConfigError, match="extra_files"):
        make_stage("places", {"extra_files": [str(tmp_path / "nope.toml")]})


def test_offsets_point_at_the_text(places):
    text = "Frappes à Deir ez-Zour et à Hodeïda ; la base aérienne de Hmeimim en Syrie."
    art = run(places, text)
    assert art.layer("places"), "nothing found"
    for ann in art.layer("places"):
        assert art.text[ann.start:ann.end] == art.span_text(ann)
        assert ann.source == "gazetteer"
        assert ann.label in {"country", "admin1", "city", "site"}
    assert any(a.attrs["name"] == "Hmeimim" for a in art.layer("places"))


@pytest.mark.slow
def test_with_the_french_parse(places):
    parse = make_stage("parse", {"models": {"fr": "fr_core_news_md"}})
    art = Article.from_text("Nice a été frappée. Jean Graham a parlé à Mossoul, en Irak.", language="fr")
    parse(art)
    places(art)
    got = found(art)
    assert got["Mossoul"]["country"] == "IQ"
    assert got["Irak"]["label"] == "country"
    assert "Graham" not in got


def test_output_validates_against_the_json_schema(places):
    import json

    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parents[1] / "docs" / "article.schema.json"
    if not schema_path.exists():
        pytest.skip("docs/article.schema.json is absent")
    art = run(places, "Le quartier de Zayouna à Bagdad, la base d'al-Tanf, la Syrie et Ninive.")
    assert len(art.layer("places")) >= 4
    jsonschema.validate(art.to_dict(), json.loads(schema_path.read_text(encoding="utf-8")))


def test_province_named_like_its_city_without_a_curated_entry(places):
    art = run(places, "Des affrontements ont éclaté dans la province de Kirkouk.")
    (ann,) = art.layer("places")
    assert (art.span_text(ann), ann.label, ann.attrs["country"]) == ("Kirkouk", "admin1", "IQ")


def test_unknown_english_district_of_a_city(places):
    got = found(run(places, "A car bomb hit the Zayouna district of Baghdad.", lang="en"))
    assert got["Zayouna district"]["resolved_to"] == "city"
    assert got["Zayouna district"]["name"] == "Baghdad"
    assert got["Baghdad"]["label"] == "city"


def test_recognised_place_found_by_a_loose_spelling(places):
    text = "Les combattants ont repris Jarablus, dans le nord de la Syrie."
    start = text.index("Jarablus")
    art = run(places, text, entities=[Annotation(start, start + 8, "LOC", {})])
    got = found(art)
    assert got["Jarablus"]["country"] == "SY" and got["Jarablus"]["label"] == "city"
    # Without the recogniser's word, the small town's spelling is not matched blind.
    assert "Jarablus" not in found(run(places, text))


def test_area_of_a_city_and_capital_as_actor(places):
    article = run(places, "Des drones ont survolé la région d'al-Qaïm. Washington a réagi.",
                  entities=[Annotation(44, 54, "ORG", {"form": "capital", "country": "US"}, "gazetteer")])
    got = found(article)
    assert got["al-Qaïm"]["feature"] == "city" and got["al-Qaïm"]["country"] == "IQ"
    assert "Washington" not in got


def test_registry_city_does_not_outvote_the_named_country(places):
    # The entities layer links "Tripoli" to Libya's capital; "dans le nord du Liban" wins.
    text = "Des heurts ont éclaté à Tripoli, dans le nord du Liban."
    start = text.index("Tripoli")
    tripoli = Annotation(start, start + 7, "LOC", {"type": "city", "country": "LY", "form": "name",
                                                   "linked": True}, "gazetteer")
    assert found(run(places, text, entities=[tripoli]))["Tripoli"]["country"] == "LB"


def test_capital_after_de_stays_a_place(places):
    text = "Les milices de Tripoli se sont affrontées."
    start = text.index("Tripoli")
    actor = Annotation(start, start + 7, "ORG", {"form": "capital", "country": "LY"}, "gazetteer")
    assert found(run(places, text, entities=[actor]))["Tripoli"]["country"] == "LY"


@pytest.mark.parametrize("district", ["d'Al-Jadida", "de Jadida"])
def test_district_named_like_a_city_abroad_is_not_placed_abroad(places, district):
    text = (f"Des roquettes ont visé Bagdad mardi. Elles auraient été tirées depuis le "
            f"quartier {district}, à l'est de la capitale irakienne.")
    got = found(run(places, text))
    assert got["Bagdad"]["country"] == "IQ"
    assert all(p["country"] != "MA" for p in got.values()), got


def test_district_of_a_city_of_the_article_still_located_there(places):
    got = found(run(places, "Des combats ont eu lieu au Maroc, dans le quartier de Jadida."))
    assert any(p["country"] == "MA" for p in got.values()), got
