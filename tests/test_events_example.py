"""Done when: a French article about rockets fired at an embassy, a troop withdrawal and a
meeting of two air-force commanders gives an events table with the attack (sub-type,
claimed perpetrator, target, city, date), the planned withdrawal and the meeting, each
with its certainty; the ACLED CSV loads in pandas, the GeoJSON is valid; `unspin eval
events` runs. Loads spaCy and the models: marked slow."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.model import Article

pytestmark = pytest.mark.slow
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fr_ambassade_revendication.txt"
STAGES = "segments,language,parse,entities,places,times,figures,quotes,sources,hedges,claims,events"


@pytest.fixture(scope="module")
def analysed() -> Article:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--format", "json",
                                      "--stages", STAGES])
    assert result.exit_code == 0, result.output
    return Article.from_dict(json.loads(result.stdout))


def test_the_three_events_with_their_slots(analysed: Article) -> None:
    events = analysed.layer("events")
    by_type = {e.label: e for e in events}
    assert set(by_type) >= {"shelling_artillery_missile_attack", "change_to_group_activity",
                            "diplomatic"}
    attack = by_type["shelling_artillery_missile_attack"].attrs
    assert attack["event_type"] == "explosions_remote_violence"
    assert attack["claimed_by"]["id"] == "unspin:armed_group:kataeb-hezbollah"
    assert attack["actor1"]["id"] == "unspin:armed_group:kataeb-hezbollah"
    assert attack["perpetrator_certainty"] == "claimed"
    assert "ambassade" in attack["target"]["text"]
    assert analysed.layer("places")[attack["place"]].attrs["name"] == "Baghdad"
    assert attack["date_value"].startswith("2020-11-17")
    assert attack["injured_total"] == 3
    assert attack["certainty"] == "reported" and attack["modality"] == "actual"
    withdrawal = by_type["change_to_group_activity"].attrs
    assert withdrawal["event_type"] == "strategic_developments"
    assert withdrawal["modality"] == "planned" and withdrawal["certainty"] == "reported"
    assert withdrawal["actor1"]["id"] == "unspin:gov:us-department-of-defense"
    meeting = by_type["diplomatic"].attrs
    assert meeting["certainty"] == "reported" and meeting["modality"] == "actual"
    assert analysed.layer("places")[meeting["place"]].attrs["name"] == "Baghdad"
    for event in events:
        assert analysed.text[event.start:event.end].strip()
        assert event.attrs["certainty"] in {"reported", "alleged", "claimed", "denied"}


def test_terminal_report_has_the_events_table() -> None:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--stages", STAGES],
                                env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    assert "What happened (events)" in result.stdout
    for words in ("shelling_artillery_missile_attack", "Kata'ib Hezbollah", "Baghdad",
                  "2020-11-17", "planned", "diplomatic"):
        assert words in result.stdout, words


def test_exports_load_in_pandas_and_as_geojson(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is a dev dependency")
    runner = CliRunner()
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLE), "--db", str(db), "--stages", STAGES])
    assert result.exit_code == 0, result.output
    csv_path, geo_path = tmp_path / "events.csv", tmp_path / "events.geojson"
    for fmt, path in (("acled-csv", csv_path), ("geojson", geo_path)):
        result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
    frame = pandas.read_csv(csv_path, encoding="utf-8-sig")
    assert "Shelling/artillery/missile attack" in set(frame["sub_event_type"])
    row = frame[frame["sub_event_type"] == "Shelling/artillery/missile attack"].iloc[0]
    assert (row["location"], row["event_date"], row["country"]) == ("Baghdad", "2020-11-17",
                                                                   "Iraq")
    assert row["actor1"] == "Kata'ib Hezbollah" and row["perpetrator_certainty"] == "claimed"
    data = json.loads(geo_path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_eval_events_runs_on_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "case.tsv"
    path.write_text(
        "1\tPolice fired tear gas to disperse hundreds of protesters in the capital.\t"
        "Protest with intervention\n"
        "2\tUnidentified gunmen killed two villagers in the north on Sunday.\tAttack\n"
        "3\tA magnitude 6 earthquake struck the coast, destroying homes.\tNatural Disaster\n",
        encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "events", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["snippets"]
    assert scores["snippets"] == 3
    assert 0.0 <= scores["weighted_f1_acled25"] <= 1.0


def test_stage_declares_what_it_reads() -> None:
    from unspin.stages.events import EventsStage

    assert set(EventsStage.requires) >= {
        "layers.segments", "layers.sentences", "layers.entities", "layers.places",
        "layers.times", "layers.figures", "layers.quotes", "layers.sources", "layers.hedges"}


def test_bad_stage_option_is_a_config_error() -> None:
    from unspin.errors import ConfigError
    from unspin.stage_options import options_of
    from unspin.stages.events import EventsOptions

    with pytest.raises(ConfigError, match=r"\[stages.events\] min_confidnce: unknown option"):
        options_of(EventsOptions, {"min_confidnce": 0.2}, "events")
    with pytest.raises(ConfigError, match=r"\[stages.events\] min_confidence = 'high'"):
        options_of(EventsOptions, {"min_confidence": "high"}, "events")
    with pytest.raises(ConfigError, match=r"\[stages.events\] min_confidence = 2"):
        options_of(EventsOptions, {"min_confidence": 2}, "events")
    assert options_of(EventsOptions, {"min_confidence": 1}, "events").min_confidence == 1.0


def test_hostile_article_goes_through_the_stage() -> None:
    from unspin.stages.events import make_stage

    stage = make_stage({})
    text = "!" * 60_000 + "\n" + "«" * 50_000 + "\n" + "tué " * 5_000 + "\n" + "a" * 200_000
    article = Article.from_text(text, language="fr")
    stage(article)
    assert isinstance(article.layer("events"), list)
    out = io.StringIO()
    from unspin.export import write_acled_csv

    write_acled_csv([article], out)
