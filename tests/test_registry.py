"""The registry: shipped data, name normalisation, matching rules, user TOML/CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.entities import load_registry
from unspin.entities.forms import english_forms, french_forms
from unspin.entities.normalise import fold, slugify
from unspin.errors import ConfigError


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def found(registry, text: str, lang: str | None = None) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.entity.id) for m in registry.find(text, lang)]


def ids(registry, text: str, lang: str | None = None) -> list[str]:
    return [i for _, i in found(registry, text, lang)]


def test_folding_ignores_accents_case_and_ligatures() -> None:
    assert fold("ÉTATS") == fold("Etats") == fold("états")
    assert fold("Qaïda") == "qaida"
    assert fold("Œuvre") == "oeuvre"
    assert slugify("Christopher  Miller") == "christopher-miller"


@pytest.mark.parametrize("masc, forms", [
    ("américain", {"américaine", "américains", "américaines"}),
    ("irakien", {"irakienne", "irakiens", "irakiennes"}),
    ("français", {"française", "françaises"}),
    ("russe", {"russes"}),
])
def test_french_demonyms_are_inflected(masc: str, forms: set[str]) -> None:
    assert forms <= set(french_forms(masc))


def test_english_demonyms_take_a_plural_only_when_regular() -> None:
    assert english_forms("Iraqi") == ["Iraqi", "Iraqis"]
    assert english_forms("Chinese") == ["Chinese"]


def test_every_iso_country_is_an_entity_with_a_french_name(registry) -> None:
    import pycountry

    for country in pycountry.countries:
        assert any(e.country == country.alpha_2 and e.type in ("state", "territory")
                   for e in registry.entities.values()), country.alpha_2
    # French names come from pycountry's translations, even for states nobody curated.
    assert ids(registry, "Le Bhoutan et le Turkménistan ont voté.") == [
        "unspin:country:bt", "unspin:country:tm"]


def test_one_state_whatever_the_spelling(registry) -> None:
    text = ("Les États-Unis, les Etats-Unis, l'Amérique, les USA, l'Oncle Sam, les Ricains, "
            "les Yankees et les Américains : Washington a tranché.")
    assert set(ids(registry, text)) == {"Q30"}
    assert len(ids(registry, text)) == 9


def test_demonyms_in_all_genders_and_numbers(registry) -> None:
    text = "Un soldat irakien, une milice irakienne, des drones iraniens et des frappes américaines."
    assert ids(registry, text) == ["Q796", "Q796", "Q794", "Q30"]
    forms = {m.form for m in registry.find(text)}
    labels = {m.label for m in registry.find(text)}
    assert forms == {"demonym"} and labels == {"MISC"}


def test_english_demonyms_and_acronyms(registry) -> None:
    text = "Iraqis and Iranians blamed US and U.S. officials, not the UK."
    assert ids(registry, text, "en") == ["Q796", "Q794", "Q30", "Q30", "Q145"]
    assert found(registry, "the U.S. said")[0][0] == "U.S."


def test_short_acronyms_only_in_capitals(registry) -> None:
    assert ids(registry, "Is it true? It is, said us.", "en") == []
    assert ids(registry, "IS fighters fled; l'EI recule; l'UE et l'UA.") == [
        "Q2429253", "Q2429253", "Q458", "Q7159"]
    assert ids(registry, "Au total, ei et ue ne sont pas des sigles.") == []


def test_elision_apostrophes_and_hyphens(registry) -> None:
    assert ids(registry, "Les frappes d’Israël contre l’Iran et d'Irak") == ["Q801", "Q794", "Q796"]
    assert ids(registry, "al Qaïda, Al-Qaida et al-Qaeda") == ["Q34490"] * 3
    assert ids(registry, "la Côte-d’Ivoire") == ["Q1008"]


def test_matches_never_inside_words(registry) -> None:
    assert ids(registry, "Les Iraniennes manifestent; l'Iranologue parle; Francesca rit.") == ["Q794"]


def test_longest_match_wins(registry) -> None:
    assert found(registry, "Le Soudan du Sud et l'Amérique latine.") == [
        ("Soudan du Sud", "Q958"), ("Amérique latine", "Q12585")]
    assert found(registry, "selon le Washington Post")[0] == ("Washington Post", "Q166032")


def test_capital_is_the_government_unless_used_as_a_place(registry) -> None:
    text = "Moscou a démenti, mais à Moscou les rues étaient calmes; Washington riposte."
    got = [(text[m.start:m.end], m.entity.id, m.form, m.label) for m in registry.find(text)]
    assert got == [("Moscou", "Q159", "capital", "ORG"), ("Moscou", "Q649", "name", "LOC"),
                   ("Washington", "Q30", "capital", "ORG")]


def test_nicknames_and_pejoratives(registry) -> None:
    text = ("Le Grand Satan, l'entité sioniste et le régime de Kiev, dit la télévision; "
            "Uncle Sam and the Zionist entity.")
    assert ids(registry, text) == ["Q30", "Q801", "Q212", "Q30", "Q801"]


def test_demonyms_that_are_not_the_state(registry) -> None:
    assert ids(registry, "Un discours traduit en russe par un latino-américain.") == []
    assert ids(registry, "Des séparatistes pro-russes.") == ["Q159"]


def test_names_that_are_also_person_names(registry) -> None:
    assert ids(registry, "Maurice Papon et Israël Katz.") == []
    assert ids(registry, "Le Tchad et Israël.") == ["Q657", "Q801"]


def test_lower_case_common_words_are_not_names(registry) -> None:
    assert ids(registry, "the turkey was served with chili; le monde entier; la maison blanche") == []


def test_armed_groups_under_their_many_names(registry) -> None:
    pmf = "unspin:armed_group:popular-mobilization-forces"
    text = ("Le Hachd al-Chaabi (Forces de mobilisation populaire), les Houthis d'Ansar Allah, "
            "Hizbollah, Hayat Tahrir al-Cham, les FDS et Daesh.")
    assert ids(registry, text) == [pmf, pmf, "unspin:armed_group:houthis",
                                   "unspin:armed_group:houthis", "Q41053",
                                   "unspin:armed_group:hts", "unspin:armed_group:sdf", "Q2429253"]


def test_language_restricted_alias(registry) -> None:
    pmf = "unspin:armed_group:popular-mobilization-forces"
    assert ids(registry, "The PMU said", "en") == [pmf]
    assert ids(registry, "Au PMU du coin", "fr") == []


def test_user_toml_file_adds_entities_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[entity]]\nid = "unspin:armed_group:katiba-x"\nname = "Katiba X"\n'
        'type = "armed_group"\ncountry = "ML"\naliases = ["Katiba X", "brigade X"]\n'
        'exact = ["KX"]\n\n'
        '[[entity]]\nid = "Q30"\naliases = ["pays de l\'Oncle Sam"]\n', encoding="utf-8")
    registry = load_registry([path])
    text = "La brigade X et KX ont attaqué; kx non. Le pays de l'Oncle Sam réagit."
    assert ids(registry, text) == ["unspin:armed_group:katiba-x"] * 2 + ["Q30"]
    assert registry.get("unspin:armed_group:katiba-x").country == "ML"
    assert registry.get("Q30").name == "United States"
    # The shipped registry is left as it was.
    assert load_registry().get("unspin:armed_group:katiba-x") is None


def test_user_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,name,type,country,aliases,exact\n"
        "unspin:person:jane-roe,Jane Roe,person,GB,Jane Roe|Roe,\n"
        ",Radio Sahel Libre,media,ML,Radio Sahel Libre|RSL FM,RSL\n", encoding="utf-8")
    registry = load_registry([str(path)])
    got = found(registry, "Jane Roe a parlé à RSL puis à Radio Sahel Libre; rsl non.")
    assert got == [("Jane Roe", "unspin:person:jane-roe"), ("RSL", "unspin:media:radio-sahel-libre"),
                   ("Radio Sahel Libre", "unspin:media:radio-sahel-libre")]


def test_user_file_errors_say_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_registry([tmp_path / "missing.toml"])
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nname = "X"\nalias = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        load_registry([bad])
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('[[entity]]\nid = "Q999999999"\naliases = ["Zzz"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="give it a 'name'"):
        load_registry([unknown])


def test_two_letter_acronyms_are_not_read_in_shouted_headlines(registry) -> None:
    assert ids(registry, "UN SOLDAT TUÉ PRÈS DE BAALBEK") == []
    assert ids(registry, "WHAT IS NEXT FOR IRAQ") == ["Q796"]
    assert ids(registry, "L'UE et l'ONU ont réagi; UN envoy said.") == ["Q458", "Q1065", "Q1065"]


def test_registry_marks_the_register_of_pejorative_names(registry) -> None:
    text = ("Les Ricains et ces amerloques, dit-il, comme le Grand Satan; la perfide Albion, "
            "l'Oncle Sam, l'Hexagone et l'empire du Milieu.")
    got = [(text[m.start:m.end], m.entity.id, m.form, m.register)
           for m in registry.find(text, "fr")]
    assert got == [
        ("Ricains", "Q30", "demonym", "pejorative"),
        ("amerloques", "Q30", "demonym", "pejorative"),
        ("Grand Satan", "Q30", "nickname", "pejorative"),
        ("perfide Albion", "Q145", "nickname", "pejorative"),
        ("Oncle Sam", "Q30", "nickname", None),
        ("Hexagone", "Q142", "nickname", None),
        ("empire du Milieu", "Q148", "nickname", None),
    ]
    # The plain demonym of the same state stays neutral.
    assert [m.register for m in registry.find("les soldats américains", "fr")] == [None]


def test_user_file_marks_pejorative_names(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('lang = "fr"\n[[entity]]\nid = "Q142"\ndemonyms = ["franchouillard"]\n'
                    'pejorative = ["franchouillard"]\n', encoding="utf-8")
    registry = load_registry([path])
    got = [(m.entity.id, m.register) for m in registry.find("Ces franchouillards râlent.", "fr")]
    assert got == [("Q142", "pejorative")]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nid = "Q142"\naliases = ["la Gaule"]\npejorative = ["les Gaulois"]\n',
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="does not list"):
        load_registry([bad])


# -- people introduced by their role (no parse needed) -----------------------------------

def roles_in(text: str) -> list[tuple[str, str, bool]]:
    from unspin.entities.matcher import Cues
    from unspin.entities.roles import find_role_introductions

    return [(text[r.start:r.end], r.role, r.before)
            for r in find_role_introductions(text, Cues.shipped())]


@pytest.mark.parametrize("text, expected", [
    ("Le chef de la diplomatie sénégalaise, Ndiaye-Sall, est attendu à Rabat.",
     [("Ndiaye-Sall", "chef de la diplomatie sénégalaise", False)]),
    ("L'ancien patron du renseignement, le général Bertin, sort de son silence.",
     [("Bertin", "ancien patron du renseignement", False)]),
    ("Un porte-parole de la mairie, Mme Roussel, a démenti.",
     [("Roussel", "porte-parole de la mairie", False)]),
    ("Gaspard, le nouveau préfet de l'Aude, a visité le chantier.",
     [("Gaspard", "nouveau préfet de l'Aude", True)]),
    ("The army spokesman, Colonel Hale, said the convoy was safe.",
     [("Hale", "army spokesman", False)]),
    ("The new interior minister, Okafor, met the governors.",
     [("Okafor", "new interior minister", False)]),
])
def test_role_introductions(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert roles_in(text) == expected


@pytest.mark.parametrize("text", [
    "Le président a reçu ses homologues, Durand et Lopez, samedi.",  # a clause, not a role
    "Selon le ministre, Kidal sera reprise avant l'hiver.",  # an adverbial
    "À Tessit, chef-lieu de la commune, les habitants ont fui.",  # a place before its role
    "Mercredi, le ministre de la Défense a reçu les familles.",
])
def test_no_role_introduction(text: str) -> None:
    assert [r for r in roles_in(text) if not r[2]] == []


def test_role_scan_is_linear_on_hostile_input() -> None:
    # Every token a role noun and every gap a comma: the windows stay bounded.
    text = "le ministre, " * 50000 + "Durand" + "«" * 50000 + "," * 60000
    assert roles_in(text)[-1][0] == "Durand"
    assert roles_in("M" * 1_000_000) == []
