"""The events machinery without spaCy: taxonomy, corpus freeze, cues, slots, records,
snippet scoring and the exports, on articles whose layers are built by hand."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from unspin.events import corpus, records, slots
from unspin.events.cues import cue_lexicon
from unspin.events.features import hashed_ngrams
from unspin.events.records import EventSentence, group_records
from unspin.events.scoring import weighted_f1
from unspin.events.snippets import read_snippets
from unspin.events.taxonomy import acled_labels, event_kinds, label_from_name, labels
from unspin.export import ACLED_COLUMNS, EVENT_CSV_COLUMNS, write_acled_csv, write_geojson
from unspin.model import Annotation, Article

ROOT = Path(__file__).resolve().parents[1]
FROZEN = dict(line.rsplit(" ", 1) for line in
              (ROOT / "tests" / "gold" / "events_frozen.txt").read_text().splitlines())


def test_taxonomy_has_the_25_acled_types_and_five_more_with_definitions() -> None:
    assert len(acled_labels()) == 25
    assert len(labels()) == 30
    assert {k.event_type for k in event_kinds() if k.acled} == {
        "battles", "explosions_remote_violence", "violence_against_civilians", "protests",
        "riots", "strategic_developments"}
    for kind in event_kinds():
        assert len(kind.definition_en) > 40 and len(kind.definition_fr) > 40, kind.id


@pytest.mark.parametrize("name, label", [
    ("Air/drone strike", "air_drone_strike"), ("Organized Crime", "organised_crime"),
    ("Diplomatic event", "diplomatic"), ("Attribution of responsibility", "attribution"),
    ("Man-made disaster", "man_made_disaster"), ("Remote explosive/landmine/IED",
                                                  "remote_explosive_landmine_ied"),
    ("Headquarters or base established", "headquarters_or_base_established"),
    ("Shelling/artillery/missile attack", "shelling_artillery_missile_attack"),
    ("Not a type", None),
])
def test_case_label_names_map_to_ours(name: str, label: str | None) -> None:
    assert label_from_name(name) == label


def test_training_corpus_has_150_sentences_per_type_and_frozen_heldout() -> None:
    examples = corpus.generate()
    for label in labels():
        train = [e for e in examples if e.label == label and not e.heldout]
        assert len(train) >= 150, label
        assert {e.language for e in train} == {"en", "fr"}, label
        assert any(e.heldout for e in examples if e.label == label), label
    # the held-out templates are the ones frozen before any training
    assert corpus.heldout_fingerprint() == FROZEN["heldout_templates"]
    assert corpus.generate() == examples  # deterministic


def test_frozen_evaluation_files_are_unchanged() -> None:
    realistic = ROOT / "src" / "unspin" / "data" / "events" / "eval" / "realistic_en.tsv"
    assert hashlib.sha256(realistic.read_bytes()).hexdigest() == FROZEN["realistic_en.tsv"]
    gold = (ROOT / "tests" / "gold" / "events_fr.jsonl").read_text(encoding="utf-8")
    held = "\n".join(line for line in gold.splitlines() if '"split": "heldout"' in line)
    assert hashlib.sha256(held.encode()).hexdigest() == FROZEN["events_fr.jsonl heldout lines"]
    items = [json.loads(line) for line in gold.splitlines()]
    assert len(items) >= 60
    for item in items:
        for event in item["events"]:
            assert event["sub_event_type"] in labels(), item["id"]


def test_weighted_f1_matches_scikit_learn() -> None:
    from sklearn.metrics import f1_score

    gold = ["attack", "attack", "grenade", "diplomatic", "arrests", "attack"]
    pred = ["attack", "grenade", "grenade", "attack", "arrests", "diplomatic"]
    for classes in (labels(), acled_labels()):
        expected = f1_score(gold, pred, labels=[c for c in classes if c in gold],
                            average="weighted", zero_division=0)
        assert weighted_f1(gold, pred, classes) == pytest.approx(expected)


def test_snippet_reader_maps_labels_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "case.tsv"
    path.write_text("id\ttext\tlabel\n1\tPolice fired tear gas.\tProtest with intervention\n"
                    "2\tno label here\n3\tA flood hit.\tNatural Disaster\n"
                    "4\tSomething.\tUnknown kind\n", encoding="utf-8")
    problems: list[str] = []
    snippets = read_snippets(path, problems)
    assert [(s.id, s.label) for s in snippets] == [
        ("1", "protest_with_intervention"), ("3", "natural_disaster")]
    assert len(problems) == 2 and all(str(path) in p for p in problems)


def test_hostile_inputs_go_through_the_cue_and_ngram_code() -> None:
    lex = cue_lexicon("fr")
    for text in ("!" * 60_000, "a" * 1_000_000, "«" * 50_000, "tué " * 20_000):
        lex.vector(text)
        lex.find("trigger", text)
        hashed_ngrams(text)
    assert lex.has("weapon_suicide", "Un kamikaze s'est fait exploser.")
    assert not lex.has("trigger", "Tunisie tutelle")  # stems start words, "tu" is not one


def _article() -> Article:
    text = ("Deux roquettes ont été tirées mardi sur la base de Taji, tuant trois soldats et "
            "blessant cinq civils.\nL'attaque a été revendiquée par le groupe.\n")
    article = Article.from_text(text, published="2024-03-12", language="fr")
    s2 = text.index("L'attaque")
    article.set_layer("segments", [Annotation(0, s2 - 1, "paragraph"),
                                   Annotation(s2, len(text) - 1, "paragraph")])
    article.set_layer("figures", [
        Annotation(text.index("trois"), text.index("trois") + 5, "count", {"value": 3}),
        Annotation(text.index("cinq"), text.index("cinq") + 4, "count", {"value": 5})])
    article.set_layer("places", [Annotation(text.index("Taji"), text.index("Taji") + 4, "city",
                                            {"name": "Taji", "lat": 33.5, "lon": 44.3,
                                             "country": "IQ"})])
    article.set_layer("times", [Annotation(text.index("mardi"), text.index("mardi") + 5, "DATE",
                                           {"type": "DATE", "value": "2024-03-12"})])
    return article


def test_counts_take_the_cue_of_their_own_clause() -> None:
    article = _article()
    lex = cue_lexicon("fr")
    index = slots.LayerIndex(article)
    found = slots.counts(index, [(0, article.text.index("\n"))], lex)
    assert found == {"fatalities": [0], "injured": [1], "arrested": []}
    assert slots.best_place(index, [(0, 100)]) == (0, "local")
    assert slots.best_date(index, [(0, 100)]) == (0, "2024-03-12")
    assert index.within("figures", (0, 10)) == []


def _sentence(span: tuple[int, int], paragraph: int, label: str) -> EventSentence:
    return EventSentence(span, paragraph, label, 0.9, [(label, 0.9)], False, span)


def test_records_merge_one_event_and_attach_its_claim() -> None:
    text = "x" * 400
    merged = group_records([
        _sentence((0, 50), 0, "shelling_artillery_missile_attack"),
        _sentence((51, 90), 0, "attack"),
        _sentence((91, 130), 1, "attribution"),
        _sentence((131, 170), 2, "change_to_group_activity"),
        _sentence((171, 200), 3, "diplomatic"),
        _sentence((201, 230), 9, "change_to_group_activity"),
    ], text)
    assert [r.label for r in merged] == ["shelling_artillery_missile_attack",
                                         "change_to_group_activity", "diplomatic",
                                         "change_to_group_activity"]
    assert len(merged[0].sentences) == 2 and len(merged[0].claims) == 1


def test_codebook_precedence_and_demonstrators() -> None:
    lex = cue_lexicon("en")
    s = EventSentence((0, 10), 0, "remote_explosive_landmine_ied", 0.5,
                      [("remote_explosive_landmine_ied", 0.5), ("suicide_bomb", 0.3),
                       ("attack", 0.1)], False, (0, 1))
    assert records.apply_cue_precedence(s, "A suicide bomber blew himself up.", lex) == \
        "suicide_bomb"
    p = EventSentence((0, 10), 0, "excessive_force_against_protesters", 0.5,
                      [("excessive_force_against_protesters", 0.5), ("attack", 0.3)], False,
                      (0, 1))
    assert records.require_demonstrators(p, "Seven people were killed on the road.", lex) == \
        "attack"
    assert records.require_demonstrators(p, "Police shot protesters.", lex) == \
        "excessive_force_against_protesters"


@pytest.mark.parametrize("text, hedged, expected", [
    ("Douze roquettes auraient été tirées.", True, "alleged"),
    ("Le groupe a démenti toute implication.", False, "denied"),
    ("Le groupe a revendiqué l'attaque.", False, "claimed"),
    ("Douze roquettes ont été tirées.", False, "reported"),
])
def test_certainty(text: str, hedged: bool, expected: str) -> None:
    assert records.certainty(text, hedged, False, cue_lexicon("fr")) == expected


@pytest.mark.parametrize("text, future, expected", [
    ("Les effectifs passeront à 2 500 soldats.", False, "planned"),
    ("Le groupe menace de reprendre la ville.", False, "threatened"),
    ("L'armée pourrait se retirer.", False, "hypothetical"),
    ("L'armée s'est retirée.", True, "planned"),
    ("L'armée s'est retirée.", False, "actual"),
])
def test_modality(text: str, future: bool, expected: str) -> None:
    assert records.modality(text, future, cue_lexicon("fr")) == expected


def _with_events() -> Article:
    article = _article()
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>'
    article.set_layer("events", [Annotation(0, 40, "shelling_artillery_missile_attack", {
        "event_type": "explosions_remote_violence",
        "sub_event_type": "shelling_artillery_missile_attack",
        "actor1": {"text": hostile, "start": 0, "end": 5, "id": None, "name": None,
                   "category": "rebels"},
        "actor2": {"text": "soldats", "start": 0, "end": 5, "id": None, "name": None,
                   "category": "state_forces"},
        "place": 0, "place_precision": "local", "date": 0, "date_value": "2024-03-12",
        "date_precision": "sentence", "fatalities_total": 3, "injured_total": 5,
        "arrested_total": None, "sources": [], "certainty": "reported",
        "perpetrator_certainty": "claimed", "modality": "actual", "confidence": 0.9})])
    return article


def test_acled_csv_has_acled_columns_in_order_and_defuses_formulas() -> None:
    out = io.StringIO()
    assert write_acled_csv([_with_events()], out) == 1
    text = out.getvalue().removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert list(rows[0]) == list(EVENT_CSV_COLUMNS)
    row = rows[0]
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence")
    assert (row["event_date"], row["fatalities"], row["country"], row["iso"]) == (
        "2024-03-12", "3", "Iraq", "368")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("2", "1", "12")
    assert row["actor1"].startswith("'=")  # a formula stays text


def test_acled_csv_loads_in_pandas() -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is a dev dependency")
    out = io.StringIO()
    write_acled_csv([_with_events(), _article()], out)
    frame = pandas.read_csv(io.StringIO(out.getvalue()), encoding="utf-8-sig")
    assert list(frame.columns) == list(EVENT_CSV_COLUMNS) and len(frame) == 1
    assert frame.loc[0, "latitude"] == pytest.approx(33.5)


def test_geojson_is_a_feature_collection_of_points() -> None:
    out = io.StringIO()
    assert write_geojson([_with_events()], out) == 1
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert (lon, lat) == (44.3, 33.5)
    assert feature["properties"]["sub_event_type"] == "Shelling/artillery/missile attack"


def test_html_events_table_escapes_and_links_to_the_line() -> None:
    from unspin.report.html import render_html

    page = render_html([_with_events()])
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert 'href="#a1-l1"' in page and 'id="a1-l1"' in page


def test_terminal_report_shows_the_events_table() -> None:
    from rich.console import Console

    from unspin.report.text import render_text

    console = Console(record=True, width=200)
    console.print(render_text(_with_events()))
    shown = console.export_text()
    assert "What happened (events)" in shown and "shelling_artillery_missile_attack" in shown
    assert "<script>alert(1" in shown  # shown literally, rich markup not run
