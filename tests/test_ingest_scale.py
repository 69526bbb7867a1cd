"""Ingest 1,000 generated French and English articles, search them, and ingest them again."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from unspin.cli import app
from unspin.store import Store

N = 1000

FR_CITIES = ["Lyon", "Marseille", "Lille", "Bordeaux", "Nantes", "Strasbourg", "Rennes"]
EN_CITIES = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Belfast", "Norwich", "York"]
FR_TOPICS = {
    "sécurité": "La préfecture a renforcé la sécurité autour de la gare après une alerte.",
    "économie": "Les commerçants estiment que l'économie locale ralentit depuis l'été.",
    "santé": "L'hôpital manque de personnel et la santé des patients inquiète les syndicats.",
    "éducation": "Les enseignants réclament des moyens pour l'éducation prioritaire.",
}
EN_TOPICS = {
    "housing": "Rents have risen again and the housing waiting list keeps growing.",
    "transport": "Commuters faced delays as the transport authority cancelled services.",
    "weather": "Forecasters warned that the weather would stay wet until Friday.",
}


def generate(seed: int = 7) -> tuple[list[dict[str, str]], dict[str, int]]:
    """N varied articles (about 60 % French) and how many articles contain each topic word."""
    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    for i in range(N):
        french = rng.random() < 0.6
        cities, topics = (FR_CITIES, FR_TOPICS) if french else (EN_CITIES, EN_TOPICS)
        city = rng.choice(cities)
        topic, sentence = rng.choice(list(topics.items()))
        number = rng.randint(2, 9_000)
        if french:
            title = f"{city} : {topic}, {number} personnes concernées"
            body = (f"{sentence} Selon la mairie de {city}, {number} habitants sont concernés "
                    f"par la mesure numéro {i}. « Nous suivons la situation de près », a "
                    f"déclaré une adjointe, qui promet un point d'étape dans les jours qui "
                    f"viennent.")
        else:
            title = f"{city}: {topic} problems affect {number} people"
            body = (f"{sentence} According to the council in {city}, {number} residents are "
                    f"affected by measure number {i}. \"We are watching closely,\" a "
                    f"spokeswoman said, promising an update within days.")
        if i == 437:
            body += " Un zeppelinophile amateur a photographié la scène depuis un toit."
        counts[topic] = counts.get(topic, 0) + 1
        records.append({"title": title, "outlet": "Gazette de test" if french else "Test Post",
                        "published": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "text": f"{title}\n\n{body}\n"})
    return records, counts


def test_ingest_1000_articles_search_and_reingest(tmp_path: Path) -> None:
    records, counts = generate()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    db = tmp_path / "scale.db"
    args = ["ingest", str(feed), "--db", str(db), "--stages", "segments,language",
            "--batch-size", "100"]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output

    with Store(db, create=False) as store:
        assert store.count() == N
        # accent-insensitive full-text counts match what was generated
        assert store.search_count("securite") == counts["sécurité"]
        assert store.search_count("économie") == counts["économie"]
        assert store.search_count("housing") == counts["housing"]
        assert store.search_count("housing OR transport") == counts["housing"] + counts["transport"]
        hits = store.search("zeppelinophile")
        assert len(hits) == 1
        article = store.get(hits[0].id)
        assert article.text == records[437]["text"]
        expected = "fr" if records[437]["outlet"] == "Gazette de test" else "en"
        assert article.meta["language"] == expected
        assert "paragraph" in {a.label for a in article.layer("segments")}
        languages = [a.meta["language"] for a in store.iter_articles()]
        assert 500 < languages.count("fr") < 700 and languages.count("fr") + languages.count(
            "en") == N

    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    with Store(db, create=False) as store:
        assert store.count() == N
    rows = {line.strip("│ ").split("│")[0].strip(): line.strip("│ ").split("│")[-1].strip()
            for line in second.stdout.splitlines() if line.count("│") == 3}
    assert rows["stored"] == "0" and rows["already stored"] == str(N)
