"""The facts chain (entities, places, times, figures) on realistic articles written for tests.

Three articles of our own (no third-party text): French Iraq/Syria reporting with mixed
spellings and nicknames, French Sahel/Ukraine reporting, and English Yemen reporting. The
whole chain (segments, language, parse, entities, places, times, figures) runs once per
module; each test checks specific annotations and the absence of known false positives.
"""

from __future__ import annotations

from typing import Any

import pytest

from unspin.model import Article
from unspin.pipeline import Pipeline

STAGES = ["segments", "language", "parse", "entities", "places", "times", "figures"]

IRAQ_FR = """IRAK
Frappes américaines en Irak et en Syrie : le Hachd al-Chaabi promet de riposter
Publié le 08/02/2024 à 10h15
Des frappes aériennes américaines ont visé mardi soir plusieurs positions des Forces de mobilisation populaire près d'al-Qaïm, dans la province d'Anbar, ainsi que des dépôts d'armes dans la région de Deir ez-Zour, en Syrie. Selon le Pentagone, entre quinze et vingt cibles ont été touchées et au moins douze combattants tués. Les Etats-Unis disent répondre à l'attaque de drone qui a tué trois soldats américains il y a trois semaines en Jordanie.
« L'Oncle Sam ne restera pas les bras croisés », a déclaré mercredi le général Christopher Miller, ancien chef du contre-terrorisme américain, lors d'une conférence à Erbil. Selon Miller, l'Amérique devra maintenir entre 2 000 et 2 500 militaires en Irak d'ici le 1er mars, contre près de 5 000 l'an dernier.
Le Hachd al-Chaabi, une coalition de milices intégrée à l'appareil sécuritaire irakien, a dénoncé une « violation de la souveraineté » du pays. Ses dirigeants se réuniront samedi à Bagdad pour décider d'une riposte. Les effectifs américains sont passés de 3 000 à 1 800 soldats depuis 2021, a rappelé un porte-parole des PMF.
Les combattants de Daech restent actifs dans les environs de Mossoul et de Kirkouk : selon un rapport de l'ONU, l'organisation État islamique compterait encore entre 5 000 et 7 000 hommes en Irak et en Syrie. Hier, deux officiers irakiens ont été tués par un engin explosif dans la province de Ninive. L'EI n'a pas revendiqué l'attaque.
Plus à l'ouest, les Forces démocratiques syriennes (FDS) affirment avoir arrêté quarante-deux jihadistes près d'al-Raqqa. Washington a débloqué 12 millions de dollars pour financer les camps de détention, soit 15 % de plus que l'an dernier. Les Américains espèrent transférer les détenus irakiens avant cet hiver.
"""

SAHEL_FR = """AFRIQUE
Mali : Wagner, devenu Africa Corps, renforce sa présence autour de Tombouctou
Mis à jour le 24 mai 2023
Une colonne d'environ 200 combattants du groupe Wagner a quitté lundi la ville de Gao pour rejoindre Tombouctou, selon des sources sécuritaires maliennes. Les paramilitaires russes, que Moscou voudrait désormais regrouper sous le nom d'Africa Corps, appuient l'armée malienne face au Groupe de soutien à l'islam et aux musulmans (JNIM), affilié à al-Qaïda.
Le JNIM a revendiqué dimanche une embuscade qui a coûté la vie à une vingtaine de soldats maliens près de Tombouctou. Les jihadistes contrôleraient plus de 40 % du territoire, selon un chercheur basé à Bamako. La junte a débloqué 1,5 milliard de francs CFA pour équiper de nouvelles unités, et l'état-major annonce de nouvelles opérations la semaine prochaine.
Sur le front ukrainien, les hommes d'Evgueni Prigojine ont payé un lourd tribut à Bakhmout. Prigojine affirme que ses troupes ont pris la ville il y a quatre jours, après des mois de combats, et accuse « le régime de Kiev » d'avoir sacrifié entre 20 000 et 30 000 hommes. L'armée ukrainienne dément et assure tenir encore des positions à l'ouest de Bakhmut.
Le chef de Wagner a promis de retirer ses unités de la ville d'ici le 1er juin. Selon les Nations unies, plus de 6 000 civils ont été tués en Ukraine depuis février 2022.
"""

YEMEN_EN = """MIDDLE EAST
Houthis fire missiles at US destroyer in the Red Sea, Pentagon says
Published: January 18, 2024
Yemen's Houthi rebels fired two anti-ship ballistic missiles at a US destroyer in the southern Red Sea on Tuesday, the Pentagon said. Both missiles were shot down and no damage was reported. Ansar Allah, as the movement calls itself, said the attack was launched from areas near the port of Hodeidah.
Defense Secretary Lloyd Austin said Washington would respond "at a time and place of our choosing". Austin added that between 5,000 and 8,000 troops remained on standby in the region, and that the coalition would meet again on Friday.
Three weeks ago, a strike on a Houthi radar site near Sanaa killed six fighters, according to the group. The United States has since announced $2.5 million in additional funding for maritime security, and shipping traffic through the Suez Canal has fallen by more than 40 percent.
Iran-backed Hezbollah, in Lebanon, and Iraqi militias have also claimed attacks on American forces since the war in Gaza began.
"""

SYRIA_FR = """SYRIE
Publié le 12/03/2025 à 08h00
Ce jeudi, les combattants de Hayat Tahrir al-Cham (HTS) ont repris le contrôle d'un village près d'Idleb, tandis que des cellules de l'EIIL frappaient dans le quartier de Zayouna à Bagdad. Le Hezbollah libanais a démenti toute implication. Selon Paris, de 30 à 40 % des déplacés sont des enfants, et des milliers de familles ont fui depuis deux ans.
Le colonel Jean-Marc Tours, de l'état-major français, a indiqué que l'opération durerait plus de deux semaines. Les Houthis, alias Ansar Allah, ont revendiqué un tir contre Eilat. L'ISIL reste actif en Irak, a ajouté l'officier. Tours estime que 300 à 500 jihadistes se cachent encore dans la Badiya.
Jeudi dernier, environ 1 200 soldats turcs étaient entrés dans la région d'Afrin. La mission coûtera 4,5 millions d'euros cette année.
"""

GAZA_FR = """INTERNATIONAL
Publié le 04/12/2023 à 18h20
Le secrétaire d'État Antony Blinken a rencontré ce jeudi son homologue à Amman, selon le Washington Post. Blinken doit ensuite se rendre en Amérique latine. L'ambassadeur Nicolas Florence a estimé que l'aide atteindrait 2,5 milliards de dollars d'ici la fin de l'année, contre 500 000 euros en 2022.
Selon l'ONU, 12,5 % des habitants de Gaza ont quitté la ville la semaine dernière. La Maison-Blanche affirme que 1 500 à 2 000 conseillers sont déployés au Moyen-Orient depuis le 7 octobre. Vendredi, le porte-parole John Kirby a annoncé une pause de trois jours. Le président Joe Biden se rendra à Tel-Aviv vendredi prochain.
Les combats se poursuivent à Khan Younès, à 25 km au sud de la ville de Gaza. Au total, plus d'une centaine de roquettes ont été tirées dimanche soir, dont 15 interceptées.
"""


@pytest.fixture(scope="module")
def analysed() -> dict[str, Article]:
    pipeline = Pipeline.from_config(stages=STAGES)
    out = {}
    for name, text in (("iraq", IRAQ_FR), ("sahel", SAHEL_FR), ("yemen", YEMEN_EN),
                       ("syria", SYRIA_FR), ("gaza", GAZA_FR)):
        article = Article.from_text(text)
        for stage in pipeline.stages:  # not pipeline(): it clears the scratch Doc we inspect
            stage(article)
        out[name] = article
    return out


def spans(article: Article, layer: str, surface: str) -> list[dict[str, Any]]:
    """attrs (plus label) of every annotation of ``layer`` whose text is ``surface``."""
    return [{"label": a.label, **a.attrs} for a in article.layer(layer)
            if article.text[a.start:a.end] == surface]


def one(article: Article, layer: str, surface: str, nth: int = 0) -> dict[str, Any]:
    found = spans(article, layer, surface)
    assert len(found) > nth, f"{surface!r} not in layer {layer}: " + str(
        [article.text[a.start:a.end] for a in article.layer(layer)])
    return found[nth]


def texts(article: Article, layer: str) -> list[str]:
    return [article.text[a.start:a.end] for a in article.layer(layer)]


def near(attrs: dict[str, Any], lat: float, lon: float, tolerance: float = 0.5) -> bool:
    return abs(attrs["lat"] - lat) <= tolerance and abs(attrs["lon"] - lon) <= tolerance


# -- Iraq / Syria, French ----------------------------------------------------------------

US = "Q30"
ISIS = "Q2429253"
PMF = "unspin:armed_group:popular-mobilization-forces"


def test_iraq_metadata(analysed):
    article = analysed["iraq"]
    assert article.meta["published"] == "2024-02-08"
    assert article.meta["language"] == "fr"


@pytest.mark.parametrize("surface, form", [
    ("Etats-Unis", "name"), ("Oncle Sam", "nickname"), ("Amérique", "name"),
    ("Américains", "demonym"), ("Washington", "capital"), ("américaines", "demonym"),
])
def test_iraq_united_states_is_one_entity(analysed, surface, form):
    attrs = one(analysed["iraq"], "entities", surface)
    assert (attrs["id"], attrs["type"], attrs["country"], attrs["form"]) == (US, "state", "US", form)


@pytest.mark.parametrize("surface, entity_id", [
    ("Daech", ISIS), ("État islamique", ISIS), ("EI", ISIS),
    ("Hachd al-Chaabi", PMF), ("Forces de mobilisation populaire", PMF), ("PMF", PMF),
    ("FDS", "unspin:armed_group:sdf"), ("Forces démocratiques syriennes", "unspin:armed_group:sdf"),
    ("Pentagone", "unspin:gov:us-department-of-defense"),
])
def test_iraq_armed_groups_and_bodies_are_linked(analysed, surface, entity_id):
    assert one(analysed["iraq"], "entities", surface)["id"] == entity_id


def test_iraq_person_merged_with_surname(analysed):
    article = analysed["iraq"]
    full, short = one(article, "entities", "Christopher Miller"), one(article, "entities", "Miller")
    assert full["id"] == short["id"] == "unspin:person:christopher-miller"
    assert short["name"] == "Christopher Miller" and short["label"] == "PER"


def test_iraq_no_descriptive_phrase_as_entity(analysed):
    # The title "Frappes américaines en Irak" is a phrase around names, not a name.
    assert not any(t.startswith("Frappes") for t in texts(analysed["iraq"], "entities"))


@pytest.mark.parametrize("surface, name, country, feature, lat, lon", [
    ("Mossoul", "Mosul", "IQ", "city", 36.34, 43.12),
    ("Kirkouk", "Kirkuk", "IQ", "city", 35.47, 44.39),
    ("al-Raqqa", "Ar Raqqah", "SY", "city", 35.95, 39.01),
    ("al-Qaïm", None, "IQ", "city", 34.39, 40.99),
    ("Erbil", "Erbil", "IQ", "city", 36.19, 44.01),
    ("Bagdad", "Baghdad", "IQ", "city", 33.34, 44.40),
    ("Ninive", None, "IQ", "admin1", 36.0, 42.5),
    ("Anbar", None, "IQ", "admin1", 33.4, 42.0),
    ("Jordanie", "Jordan", "JO", "country", 32.0, 36.0),
])
def test_iraq_places_geocoded(analysed, surface, name, country, feature, lat, lon):
    attrs = one(analysed["iraq"], "places", surface)
    assert (attrs["country"], attrs["feature"]) == (country, feature)
    assert name is None or attrs["name"] == name
    assert near(attrs, lat, lon, 1.0)


def test_iraq_deir_ez_zour_in_syria(analysed):
    attrs = one(analysed["iraq"], "places", "Deir ez-Zour")
    assert attrs["country"] == "SY" and near(attrs, 35.2, 40.3, 1.0)


def test_iraq_capital_as_actor_is_not_a_place(analysed):
    # "Washington a débloqué": the government acting, not the city in the US.
    assert "Washington" not in texts(analysed["iraq"], "places")
    assert "Miller" not in texts(analysed["iraq"], "places")


@pytest.mark.parametrize("surface, label, value", [
    ("mardi soir", "TIME", "2024-02-06TEV"),   # past tense: the most recent Tuesday
    ("samedi", "DATE", "2024-02-10"),          # future tense: the coming Saturday
    ("mercredi", "DATE", "2024-02-07"),
    ("Hier", "DATE", "2024-02-07"),
    ("trois semaines", "DATE", "2024-W03"),   # "il y a trois semaines" places the attack (issue 8)
    ("le 1er mars", "DATE", "2024-03-01"),     # "d'ici le 1er mars"
    ("cet hiver", "DATE", "2024-WI"),
    ("l'an dernier", "DATE", "2023"),
])
def test_iraq_times(analysed, surface, label, value):
    attrs = one(analysed["iraq"], "times", surface)
    assert (attrs["label"], attrs["value"], attrs["anchor"]) == (label, value, "2024-02-08")


@pytest.mark.parametrize("surface, label, expected", [
    ("entre quinze et vingt", "range", {"min": 15, "max": 20, "object": "cibles", "written": True}),
    ("douze", "count", {"value": 12, "object": "combattants", "bound": "lower"}),
    ("entre 2 000 et 2 500", "range", {"min": 2000, "max": 2500, "object": "militaires"}),
    ("de 3 000 à 1 800", "range", {"min": 1800, "max": 3000, "from": 3000, "to": 1800,
                                   "object": "soldats"}),
    ("entre 5 000 et 7 000", "range", {"min": 5000, "max": 7000, "object": "hommes"}),
    ("deux", "count", {"value": 2, "object": "officiers"}),
    ("quarante-deux", "count", {"value": 42, "object": "jihadistes", "written": True}),
    ("12 millions de dollars", "money", {"value": 12_000_000, "unit": "USD", "object": None}),
    ("15 %", "percent", {"value": 15, "unit": "%"}),
    ("5 000", "count", {"value": 5000, "approx": True, "object": None}),  # not "an"
])
def test_iraq_figures(analysed, surface, label, expected):
    attrs = one(analysed["iraq"], "figures", surface)
    assert attrs["label"] == label
    assert {k: attrs.get(k) for k in expected} == expected


def test_iraq_years_and_dates_are_not_figures(analysed):
    figures = texts(analysed["iraq"], "figures")
    assert "2021" not in figures and "2024" not in figures and "1er" not in figures


# -- Sahel / Ukraine, French -------------------------------------------------------------

WAGNER = "unspin:armed_group:wagner-group"


@pytest.mark.parametrize("surface", ["Wagner", "Africa Corps", "groupe Wagner"])
def test_sahel_wagner_and_africa_corps_are_one_group(analysed, surface):
    attrs = one(analysed["sahel"], "entities", surface)
    assert (attrs["id"], attrs["type"], attrs["country"]) == (WAGNER, "armed_group", "RU")


def test_sahel_jnim_and_kyiv_regime(analysed):
    article = analysed["sahel"]
    assert one(article, "entities", "JNIM")["id"] == one(
        article, "entities", "Groupe de soutien à l'islam et aux musulmans")["id"]
    regime = one(article, "entities", "régime de Kiev")
    assert (regime["id"], regime["form"]) == ("Q212", "nickname")
    # The nickname names the state's government: "Kiev" inside it is no place mention.
    assert "Kiev" not in texts(article, "places")


def test_sahel_person_and_surname(analysed):
    article = analysed["sahel"]
    assert one(article, "entities", "Evgueni Prigojine")["id"] == one(article, "entities", "Prigojine")["id"]
    # "à Bakhmout" is a place even though the NER reads a person there.
    assert all(a["label"] == "LOC" for a in spans(article, "entities", "Bakhmout"))


@pytest.mark.parametrize("surface, name, country, lat, lon", [
    ("Tombouctou", "Timbuktu", "ML", 16.77, -3.01),
    ("Gao", "Gao", "ML", 16.27, -0.04),
    ("Bakhmout", "Bakhmut", "UA", 48.59, 38.0),
    ("Bakhmut", "Bakhmut", "UA", 48.59, 38.0),
    ("Bamako", "Bamako", "ML", 12.61, -7.98),
])
def test_sahel_places(analysed, surface, name, country, lat, lon):
    for attrs in spans(analysed["sahel"], "places", surface):
        assert (attrs["name"], attrs["country"], attrs["feature"]) == (name, country, "city")
        assert near(attrs, lat, lon, 0.2)
    assert spans(analysed["sahel"], "places", surface)


def test_sahel_capital_as_actor_is_not_a_place(analysed):
    assert "Moscou" not in texts(analysed["sahel"], "places")


@pytest.mark.parametrize("surface, value", [
    ("lundi", "2023-05-22"), ("dimanche", "2023-05-21"), ("la semaine prochaine", "2023-W22"),
    ("quatre jours", "2023-05-20"),  # "il y a quatre jours": a date (issue 8)
    ("le 1er juin", "2023-06-01"), ("février 2022", "2022-02"),
])
def test_sahel_times(analysed, surface, value):
    assert one(analysed["sahel"], "times", surface)["value"] == value


@pytest.mark.parametrize("surface, label, expected", [
    ("200", "count", {"value": 200, "approx": True, "object": "combattants"}),  # "d'environ"
    ("une vingtaine", "count", {"value": 20, "approx": True, "object": "soldats"}),
    ("40 %", "percent", {"value": 40, "bound": "lower"}),
    ("1,5 milliard de francs CFA", "money", {"value": 1_500_000_000, "unit": "XOF"}),
    ("entre 20 000 et 30 000", "range", {"min": 20000, "max": 30000, "object": "hommes"}),
    ("6 000", "count", {"value": 6000, "bound": "lower", "object": "civils"}),
])
def test_sahel_figures(analysed, surface, label, expected):
    attrs = one(analysed["sahel"], "figures", surface)
    assert attrs["label"] == label
    assert {k: attrs.get(k) for k in expected} == expected


# -- Yemen, English ----------------------------------------------------------------------

HOUTHIS = "unspin:armed_group:houthis"


@pytest.mark.parametrize("surface", ["Houthis", "Houthi rebels", "Ansar Allah", "Houthi"])
def test_yemen_houthis_are_one_group(analysed, surface):
    attrs = one(analysed["yemen"], "entities", surface)
    assert (attrs["id"], attrs["country"]) == (HOUTHIS, "YE")


def test_yemen_other_entities(analysed):
    article = analysed["yemen"]
    assert one(article, "entities", "Pentagon")["id"] == "unspin:gov:us-department-of-defense"
    assert one(article, "entities", "Hezbollah")["id"] == "Q41053"
    assert one(article, "entities", "United States")["id"] == one(article, "entities", "US")["id"] == US
    assert one(article, "entities", "Austin")["id"] == one(article, "entities", "Lloyd Austin")["id"]


def test_yemen_places(analysed):
    article = analysed["yemen"]
    hodeidah = one(article, "places", "Hodeidah")
    assert (hodeidah["country"], hodeidah["feature"]) == ("YE", "city") and near(hodeidah, 14.8, 42.95)
    sanaa = one(article, "places", "Sanaa")
    assert sanaa["country"] == "YE" and near(sanaa, 15.35, 44.21)
    red_sea = one(article, "places", "Red Sea")
    assert red_sea["country"] != "SD"  # the sea, not Sudan's Red Sea state
    assert red_sea["feature"] == "site" and red_sea["kind"] == "sea"


def test_yemen_surname_and_capital_actor_are_not_places(analysed):
    places = texts(analysed["yemen"], "places")
    assert "Austin" not in places  # Lloyd Austin, not Austin, Texas
    assert "Washington" not in places


@pytest.mark.parametrize("surface, value", [
    ("Tuesday", "2024-01-16"),        # "fired ... on Tuesday": past
    ("Friday", "2024-01-19"),         # "would meet again on Friday": ahead
    ("Three weeks ago", "2023-W52"),
    ("January 18, 2024", "2024-01-18"),
])
def test_yemen_times(analysed, surface, value):
    attrs = one(analysed["yemen"], "times", surface)
    assert attrs["value"] == value and attrs["anchor"] == "2024-01-18"


@pytest.mark.parametrize("surface, label, expected", [
    ("two", "count", {"value": 2, "object": "missiles"}),
    ("between 5,000 and 8,000", "range", {"min": 5000, "max": 8000, "object": "troops"}),
    ("six", "count", {"value": 6, "object": "fighters"}),
    ("$2.5 million", "money", {"value": 2_500_000, "unit": "USD"}),
    ("40 percent", "percent", {"value": 40, "unit": "%", "bound": "lower"}),
])
def test_yemen_figures(analysed, surface, label, expected):
    attrs = one(analysed["yemen"], "figures", surface)
    assert attrs["label"] == label
    assert {k: attrs.get(k) for k in expected} == expected


def test_yemen_no_year_or_date_as_figure(analysed):
    figures = texts(analysed["yemen"], "figures")
    assert not any(f in figures for f in ("2024", "18", "January 18"))


@pytest.mark.parametrize("article, surface, entity_id, country", [
    ("iraq", "Mossoul", "unspin:city:mosul", "IQ"),
    ("iraq", "al-Raqqa", "unspin:city:raqqa", "SY"),
    ("iraq", "Kirkouk", "unspin:city:kirkuk", "IQ"),
    ("sahel", "Tombouctou", "unspin:city:timbuktu", "ML"),
    ("sahel", "Bakhmout", "unspin:city:bakhmut", "UA"),
    ("sahel", "Bakhmut", "unspin:city:bakhmut", "UA"),   # both spellings: one entity
    ("yemen", "Hodeidah", "unspin:city:hodeidah", "YE"),
])
def test_conflict_cities_are_linked_whatever_the_spelling(analysed, article, surface, entity_id, country):
    for attrs in spans(analysed[article], "entities", surface):
        assert (attrs["label"], attrs["id"], attrs["type"], attrs["country"]) == ("LOC", entity_id, "city", country)
    assert spans(analysed[article], "entities", surface)


# -- Syria, French: names inside names, loose spellings, unknown sites --------------------

def test_syria_groups(analysed):
    article = analysed["syria"]
    assert one(article, "entities", "HTS")["id"] == one(article, "entities", "Hayat Tahrir al-Cham")["id"]
    assert one(article, "entities", "EIIL")["id"] == one(article, "entities", "ISIL")["id"] == ISIS
    assert one(article, "entities", "Ansar Allah")["id"] == one(article, "entities", "Houthis")["id"] == HOUTHIS


def test_syria_places_inside_names_and_false_friends(analysed):
    article = analysed["syria"]
    places = texts(article, "places")
    assert "Cham" not in places  # part of "Hayat Tahrir al-Cham", not Damascus
    assert "Tours" not in places  # the colonel's surname, not the French town
    assert all(p["country"] != "OM" for p in spans(article, "places", "Badiya"))  # not Oman
    zayouna = one(article, "places", "quartier de Zayouna")
    assert (zayouna["resolved_to"], zayouna["country"]) == ("city", "IQ")
    assert "Baghdad" in zayouna["note"] and near(zayouna, 33.34, 44.40, 0.2)
    assert one(article, "places", "Idleb")["country"] == "SY"


@pytest.mark.parametrize("surface, label, expected", [
    ("de 30 à 40 %", "percent", {"min": 30, "max": 40, "range": True, "unit": "%"}),
    ("des milliers", "count", {"value": None, "min": 2000, "object": "familles"}),
    ("300 à 500", "range", {"min": 300, "max": 500, "object": "jihadistes"}),
    ("1 200", "count", {"value": 1200, "approx": True, "object": "soldats"}),
    ("4,5 millions d'euros", "money", {"value": 4_500_000, "unit": "EUR"}),
])
def test_syria_figures(analysed, surface, label, expected):
    attrs = one(analysed["syria"], "figures", surface)
    assert attrs["label"] == label
    assert {k: attrs.get(k) for k in expected} == expected


def test_syria_times(analysed):
    article = analysed["syria"]
    assert one(article, "times", "Jeudi dernier")["value"] == "2025-03-06"
    more = one(article, "times", "plus de deux semaines")
    assert (more["value"], more.get("mod")) == ("P2W", "MORE_THAN")
    assert one(article, "times", "cette année")["value"] == "2025"


# -- Gaza, French: names that contain places, surnames that are towns ----------------------

def test_gaza_false_friends(analysed):
    article = analysed["gaza"]
    entities, places = texts(article, "entities"), texts(article, "places")
    assert "État" not in entities  # "secrétaire d'État" is a title
    assert "Amérique" not in places  # inside "Amérique latine", not the United States
    assert one(article, "entities", "Amérique latine")["id"] == "Q12585"
    assert "Florence" not in places and "Washington" not in places  # a surname, a newspaper
    assert one(article, "entities", "Blinken")["id"] == one(article, "entities", "Antony Blinken")["id"]


def test_gaza_town_the_ner_reads_as_a_person(analysed):
    article = analysed["gaza"]
    khan = one(article, "entities", "Khan Younès")
    assert (khan["label"], khan["type"], khan["country"]) == ("LOC", "city", "PS")
    place = one(article, "places", "Khan Younès")
    assert place["country"] == "PS" and near(place, 31.34, 34.31, 0.1)


@pytest.mark.parametrize("surface, value", [
    ("ce jeudi", "2023-11-30"), ("Vendredi", "2023-12-01"), ("vendredi prochain", "2023-12-08"),
    ("la semaine dernière", "2023-W48"), ("le 7 octobre", "2023-10-07"), ("dimanche soir", "2023-12-03TEV"),
])
def test_gaza_times(analysed, surface, value):
    assert one(analysed["gaza"], "times", surface)["value"] == value


@pytest.mark.parametrize("surface, label, expected", [
    ("2,5 milliards de dollars", "money", {"value": 2_500_000_000, "unit": "USD"}),
    ("500 000 euros", "money", {"value": 500_000, "unit": "EUR"}),
    ("12,5 %", "percent", {"value": 12.5}),
    ("1 500 à 2 000", "range", {"min": 1500, "max": 2000, "object": "conseillers"}),
    ("25 km", "measure", {"value": 25, "unit": "km"}),
    ("une centaine", "count", {"value": 100, "approx": True, "object": "roquettes"}),
])
def test_gaza_figures(analysed, surface, label, expected):
    attrs = one(analysed["gaza"], "figures", surface)
    assert attrs["label"] == label
    assert {k: attrs.get(k) for k in expected} == expected
    assert "2022" not in texts(analysed["gaza"], "figures")
