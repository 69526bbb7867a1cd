"""Technique spans: the words that carry a paragraph-level technique, with explanations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.model import Annotation, Article
from unspin.stages.technique_spans import make_stage
from unspin.techniques import explanations
from unspin.techniques import spans as span_lib
from unspin.techniques.explanations import explain, family_name, languages, technique_name
from unspin.techniques.spans import SpanModel, TechniqueLexicon, find_spans, train_spans
from unspin.techniques.taxonomy import FAMILIES, FAMILY_OF, TECHNIQUES


def _put(article: Article, layer: str, start: int, end: int, label: str, backend: str,
         **attrs: object) -> None:
    """Append an annotation directly (independent of Article.add's keyword conventions)."""
    article.layers.setdefault(layer, []).append(Annotation(start, end, label, dict(attrs), backend))


LOADED = ("Le ministre a encore défendu ce projet honteux, une véritable mascarade "
          "qui ne trompe personne, devant des élus médusés.")
NEUTRAL = "La réunion s'est tenue mardi à la mairie, en présence de douze élus."
NAME_CALLING = ("Pendant ce temps, le régime de Damas et ses bellicistes poursuivent "
                "leur offensive dans le nord du pays.")


def _article(paragraphs: list[str], flags: dict[int, list[tuple[str, float]]],
             language: str = "fr") -> Article:
    """An article whose line ``i`` (1-based) carries the paragraph-level techniques given."""
    text = "\n\n".join(paragraphs) + "\n"
    article = Article.from_text(text, language=language)
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for technique, confidence in flags.get(number, []):
            _put(article, "techniques", pos, pos + len(line), technique, "model",
                 kind="paragraph", paragraph=number, confidence=confidence)
        pos += len(line) + 1
    return article


@pytest.fixture(scope="module")
def stage():
    return make_stage({})


def _spans(article: Article, technique: str | None = None) -> list:
    return [a for a in article.layer("techniques") if a.attrs.get("kind") == "span"
            and (technique is None or a.label == technique)]


def test_loaded_language_span_lands_on_the_loaded_words(stage) -> None:
    article = _article(["Un titre sobre", LOADED, NEUTRAL], {3: [("Loaded_Language", 0.8)]})
    stage(article)
    found = _spans(article, "Loaded_Language")
    assert found, "a paragraph flagged with Loaded_Language must get a span"
    covered = " ".join(article.span_text(a) for a in found)
    assert "honteux" in covered or "mascarade" in covered
    paragraph = article.layer("techniques")[0]
    for span in found:
        assert paragraph.start <= span.start < span.end <= paragraph.end
        assert span.end - span.start < 0.6 * (paragraph.end - paragraph.start)
        assert span.attrs["paragraph"] == 3
        assert span.attrs["family"] == "manipulative_wording"
        assert span.attrs["explanation"] == explain("Loaded_Language", "fr")
        assert 0 < span.attrs["confidence"] <= 0.8
        assert span.source == "model"


def test_name_calling_span_covers_the_label(stage) -> None:
    article = _article(["Titre", NAME_CALLING], {3: [("Name_Calling-Labeling", 0.7)]})
    stage(article)
    covered = " ".join(article.span_text(a) for a in _spans(article, "Name_Calling-Labeling"))
    assert "régime" in covered or "bellicistes" in covered
    assert all(a.attrs["family"] == "attack_on_reputation" for a in _spans(article))


def test_only_flagged_paragraphs_get_spans_and_rerun_is_idempotent() -> None:
    stage = make_stage({"promote": []})  # no strong-cue promotion of the unflagged copy
    article = _article(["Titre", LOADED, LOADED], {3: [("Loaded_Language", 0.9)]})
    stage(article)
    first = [(a.start, a.end, a.label) for a in _spans(article)]
    assert first and all(a.attrs["paragraph"] == 3 for a in _spans(article))
    stage(article)
    assert [(a.start, a.end, a.label) for a in _spans(article)] == first
    assert sum(1 for a in article.layer("techniques") if a.attrs["kind"] == "paragraph") == 1


def test_lexicon_only_option_adds_strong_loaded_language() -> None:
    article = _article(["Titre", LOADED], {})
    make_stage({"lexicon_only": ["Loaded_Language"], "lexicon_only_strength": 0.3,
                "promote": []})(article)
    found = _spans(article, "Loaded_Language")
    assert found and all(a.attrs.get("lexicon_only") for a in found)


def test_english_article_gets_english_explanations(stage) -> None:
    text = ("A headline",
            "The regime keeps spreading its shameful, disgusting propaganda every single day.")
    article = _article(list(text), {3: [("Loaded_Language", 0.8)]}, language="en")
    stage(article)
    found = _spans(article)
    assert found and found[0].attrs["explanation"] == explain("Loaded_Language", "en")
    assert found[0].attrs["explanation"] != explain("Loaded_Language", "fr")


def test_language_without_model_keeps_paragraph_annotations(stage) -> None:
    article = _article(["Otsikko", "Hallitus esitti häpeällisen suunnitelman."],
                       {3: [("Loaded_Language", 0.8)]}, language="fi")
    stage(article)
    assert not _spans(article) and len(article.layer("techniques")) == 1


# ------------------------------------------------------------------ find_spans itself

LEXICON = TechniqueLexicon({"honteux": 2.0, "mascarade": 2.5, "véritable mascarade": 3.0},
                           2, False)


def test_find_spans_without_evidence_returns_nothing() -> None:
    assert find_spans(NEUTRAL, 0, len(NEUTRAL), LEXICON) == []


def test_find_spans_short_technique_marks_the_phrase() -> None:
    hits = find_spans(LOADED, 0, len(LOADED), LEXICON)
    texts = [LOADED[h.start : h.end] for h in hits]
    assert "véritable mascarade" in texts
    assert all(0 < h.strength <= 1 for h in hits)


def test_long_technique_window_never_covers_the_whole_paragraph() -> None:
    lexicon = TechniqueLexicon({"ne trompe personne": 3.0}, 40, True)
    hits = find_spans(LOADED, 0, len(LOADED), lexicon)
    assert len(hits) == 1
    assert "trompe personne" in LOADED[hits[0].start : hits[0].end]
    assert hits[0].end - hits[0].start < len(LOADED)


def test_repetition_boost_marks_recurring_words() -> None:
    text = "Migrants partout. Les migrants arrivent. Encore des migrants, toujours."
    boosts = span_lib.repeated_word_boosts(text)
    assert {text[k : k + 8].lower() for k in boosts} == {"migrants"}


# ------------------------------------------------------------------ explanations


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_technique_and_family_is_explained(language: str) -> None:
    assert language in languages()
    for technique in TECHNIQUES:
        sentence = explain(technique, language)
        assert sentence.endswith(".") and len(sentence.split()) >= 8, technique
    assert set(explanations._tables()[language]["names"]) == set(TECHNIQUES)
    assert set(explanations._tables()[language]["techniques"]) == set(TECHNIQUES)
    assert technique_name("Name_Calling-Labeling", language) != "Name Calling-Labeling"
    for family in FAMILIES:
        assert family_name(family, language) and family_name(family, language) != family
    assert FAMILY_OF["Loaded_Language"] == "manipulative_wording"


def test_french_and_english_explanations_differ() -> None:
    assert all(explain(t, "fr") != explain(t, "en") for t in TECHNIQUES)
    assert explain("Doubt", "de") == explain("Doubt", "en")  # fallback


# ------------------------------------------------------------------ training


def _write_semeval(root: Path) -> None:
    """Four tiny hand-written French articles with CRLF line ends and span labels.

    Offsets index the raw bytes-decoded text, "\r\n" counting as two characters, as in
    the shared-task files.
    """
    lang = root / "fr"
    (lang / "train-articles-subtask-3").mkdir(parents=True)
    (lang / "train-labels-subtask-3-spans").mkdir(parents=True)
    bodies = {
        "1": ("Titre un\r\nCe projet scandaleux de Dupontel est une honte absolue.\r\nRien.",
              ["scandaleux", "une honte absolue"]),
        "2": ("Titre deux\r\nUne réforme scandaleuse, une honte absolue pour Dupontel.\r\nFin.",
              ["scandaleuse", "une honte absolue"]),
        "3": ("Titre trois\r\nLe maire parle.\r\nCe budget est une honte absolue, vraiment.",
              ["une honte absolue"]),
        "4": ("Titre quatre\r\nUne honte absolue, dit Dupontel, scandaleux et triste.\r\nFin.",
              ["Une honte absolue", "scandaleux"]),
    }
    for aid, (body, loaded) in bodies.items():
        (lang / "train-articles-subtask-3" / f"article{aid}.txt").write_bytes(body.encode())
        rows = [f"{aid}\tLoaded_Language\t{body.index(p)}\t{body.index(p) + len(p)}"
                for p in loaded]
        if "Dupontel" in body:
            at = body.index("Dupontel")
            rows.append(f"{aid}\tName_Calling-Labeling\t{at}\t{at + len('Dupontel')}")
        labels = lang / "train-labels-subtask-3-spans" / f"article{aid}-labels-subtask-3.txt"
        labels.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_train_spans_learns_ngrams_from_crlf_files(tmp_path: Path) -> None:
    _write_semeval(tmp_path / "data")
    summary = train_spans(tmp_path / "data", tmp_path / "out", word_model=False)
    assert summary["fr"]["articles"] == 4
    model = SpanModel.from_json(json.loads((tmp_path / "out" / "spans_fr.json").read_text()))
    loaded = model.techniques["Loaded_Language"].ngrams
    assert "honte absolue" in loaded and "une honte absolue" in loaded
    # A personal name is never shipped, even when it is the whole span.
    assert all("dupontel" not in g for lex in model.techniques.values() for g in lex.ngrams)


def test_train_spans_explains_a_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="train-labels-subtask-3-spans"):
        train_spans(tmp_path, tmp_path / "out")


# ------------------------------------------------------------------ word scorer


class _OneHotEncoder:
    """Stands in for USE: dimension 0 is 1 for the words in ``loaded``."""

    def __init__(self, loaded: set[str]) -> None:
        self.loaded = loaded
        self.calls = 0

    def encode(self, words):
        import numpy as np

        self.calls += 1
        return np.array([[1.0 if w in self.loaded else 0.0, 1.0] for w in words])


def test_word_scorer_finds_words_the_lexicon_never_saw() -> None:
    import numpy as np

    from unspin.techniques.span_words import WordScorer
    from unspin.techniques.spans import spans_for

    encoder = _OneHotEncoder({"ignominieuse", "répugnante"})
    scorer = WordScorer(["Loaded_Language"], np.array([[12.0, 0.0]]), np.array([-6.0]), encoder)
    text = "Le conseil a voté cette réforme ignominieuse et répugnante hier soir."
    model = SpanModel("fr", {"Loaded_Language": TechniqueLexicon({"tartempion": 2.0}, 2, False)})
    assert spans_for(text, 0, len(text), "Loaded_Language", model) == []
    hits = spans_for(text, 0, len(text), "Loaded_Language", model, word_scorer=scorer)
    assert [text[h.start : h.end] for h in hits] == ["ignominieuse et répugnante"]
    # Embeddings are cached: a second call does not encode again.
    calls = encoder.calls
    spans_for(text, 0, len(text), "Loaded_Language", model, word_scorer=scorer)
    assert encoder.calls == calls
    # Techniques the scorer does not know are left to the lexicon.
    assert not scorer.knows("Doubt")


def test_word_scorer_embeds_only_words_that_can_be_boosted() -> None:
    """Numbers, ?! and capitalised words inside a sentence get no word boost: they are
    not sent to the encoder (its forward pass is most of the stage's time)."""
    import numpy as np

    from unspin.techniques.span_words import WordScorer
    from unspin.techniques.spans import spans_for

    encoder = _OneHotEncoder({"ignominieuse"})
    seen: list[str] = []
    encode = encoder.encode

    def recording(words: list[str]) -> np.ndarray:
        seen.extend(words)
        return encode(words)

    encoder.encode = recording  # type: ignore[method-assign]
    scorer = WordScorer(["Loaded_Language"], np.array([[12.0, 0.0]]), np.array([-6.0]), encoder)
    text = "Selon Dupont, 300 élus ont voté cette loi ignominieuse ! Vraiment ?"
    model = SpanModel("fr", {"Loaded_Language": TechniqueLexicon({"tartempion": 2.0}, 2, False)})
    hits = spans_for(text, 0, len(text), "Loaded_Language", model, word_scorer=scorer)
    assert [text[h.start : h.end] for h in hits] == ["ignominieuse"]
    assert "dupont" not in seen and "0" not in seen and "!" not in seen and "?" not in seen
    assert {"selon", "élus", "ignominieuse", "vraiment"} <= set(seen)


@pytest.mark.parametrize("paragraph", ["Honteux !", "Mascarade", "Une mascarade honteuse"])
def test_short_paragraphs_are_never_highlighted_whole(paragraph: str) -> None:
    lexicon = TechniqueLexicon({"honteux": 2.0, "mascarade": 2.0, "honteuse": 2.0}, 3, False)
    long_lexicon = TechniqueLexicon({"honteux": 2.0, "mascarade": 2.0, "honteuse": 2.0}, 20, True)
    words = len(span_lib.tokenize(paragraph))
    for lex in (lexicon, long_lexicon):
        for hit in find_spans(paragraph, 0, len(paragraph), lex):
            assert len(span_lib.tokenize(paragraph, hit.start, hit.end)) < words


def test_article_without_techniques_layer_is_left_alone(stage) -> None:
    article = Article.from_text("Titre\n\n" + NEUTRAL + "\n", language="fr")
    stage(article)
    assert "techniques" not in article.layers


# ------------------------------------------------------------------ strong cues, nicknames

AGGRESSION = ("« C'est une agression lâche contre une mission diplomatique », a dit le "
              "porte-parole du ministère, après la chute de six roquettes.")
OCCUPATION = ("Les forces d'occupation américaines ont activé leur défense aérienne, sans "
              "parvenir à intercepter tous les projectiles.")
NICKNAME = ("Pour les chefs de la milice, il ne fait aucun doute que le Grand Satan cherche "
            "à camoufler sa défaite.")
PLAIN = ("Des roquettes ont blessé deux civils, dont un enfant ; la plupart des attaques "
         "n'ont fait aucune victime parmi les soldats.")


def _with_nickname(article: Article, surface: str, register: str | None = "pejorative",
                   form: str = "nickname", entity: tuple[str, str] = ("Q30", "United States")
                   ) -> None:
    start = article.text.index(surface)
    _put(article, "entities", start, start + len(surface), "LOC", "registry",
         id=entity[0], name=entity[1], form=form, register=register)


def test_strong_cues_promote_unflagged_paragraphs_with_spans_on_the_words(stage) -> None:
    article = _article(["Titre", AGGRESSION, OCCUPATION, NICKNAME, PLAIN], {})
    _with_nickname(article, "Grand Satan")
    article.layers.setdefault("techniques", [])
    stage(article)
    layer = article.layer("techniques")
    promoted = {(a.attrs["paragraph"], a.label) for a in layer
                if a.attrs["kind"] == "paragraph" and a.attrs.get("via") == "cues"}
    assert promoted == {(3, "Loaded_Language"), (5, "Loaded_Language"),
                        (7, "Name_Calling-Labeling")}
    assert all(0 < a.attrs["confidence"] < 1 for a in layer)
    spans = {(a.label, article.span_text(a)) for a in _spans(article)}
    assert ("Loaded_Language", "agression lâche") in spans
    assert ("Loaded_Language", "forces d'occupation") in spans
    assert ("Name_Calling-Labeling", "Grand Satan") in spans
    nickname = next(a for a in _spans(article) if a.label == "Name_Calling-Labeling")
    assert nickname.attrs["evidence"] == ["grand satan"] and nickname.attrs["via"] == "cues"
    # a promoted technique shows its cue words only, with an explanation
    assert len(spans) == 3
    assert all(a.attrs["explanation"] and a.attrs["evidence"] for a in _spans(article))
    stage(article)  # idempotent, promotions included
    assert {(a.label, article.span_text(a)) for a in _spans(article)} == spans


def test_neutral_news_words_are_not_highlighted_as_loaded(stage) -> None:
    article = _article(["Titre", PLAIN, OCCUPATION], {3: [("Loaded_Language", 0.6)],
                                                      5: [("Loaded_Language", 0.6)]})
    stage(article)
    words = " ".join(article.span_text(a) for a in _spans(article, "Loaded_Language")).lower()
    for neutral in ("roquettes", "civils", "enfant", "attaques", "victime", "soldats",
                    "projectiles"):
        assert neutral not in words.split(), f"{neutral!r} highlighted as loaded"
    assert "forces d'occupation" in words


def test_regime_label_needs_a_capitalised_name(stage) -> None:
    text = ["Titre", "Le régime de retraite des cheminots sera réformé en janvier.",
            "Le régime de Kiev a encore bombardé la ville cette nuit."]
    article = _article(text, {})
    article.layers.setdefault("techniques", [])
    stage(article)
    found = [(a.attrs["paragraph"], article.span_text(a))
             for a in _spans(article, "Name_Calling-Labeling")]
    assert found == [(5, "régime de Kiev")]


def test_english_strong_cues(stage) -> None:
    text = ["Headline", "The occupation forces answered the cowardly ambush with more thugs.",
            "Rockets hit the base and wounded two soldiers."]
    article = _article(text, {}, language="en")
    article.layers.setdefault("techniques", [])
    stage(article)
    spans = {(a.label, article.span_text(a)) for a in _spans(article)}
    assert ("Loaded_Language", "occupation forces") in spans
    assert ("Loaded_Language", "cowardly") in spans
    assert ("Name_Calling-Labeling", "thugs") in spans
    assert all(a.attrs["paragraph"] == 3 for a in _spans(article))


def test_promotion_is_off_for_languages_not_listed() -> None:
    article = _article(["Titre", AGGRESSION], {})
    article.layers.setdefault("techniques", [])
    make_stage({"promote": ["en"]})(article)
    assert article.layer("techniques") == []


def test_promotion_only_adds_the_two_strong_techniques() -> None:
    from unspin.evaluation.loaded_language_promotion import promote

    texts = {("1", 1): AGGRESSION, ("1", 2): PLAIN, ("1", 3): NICKNAME}
    after, added = promote({("1", 1): ["Doubt"]}, texts, "fr")
    assert after[("1", 1)] == ["Doubt", "Loaded_Language"]
    assert added == [(("1", 1), "Loaded_Language")]  # nicknames need the entities stage


def test_strong_cue_files_parse_and_cues_have_words() -> None:
    from unspin.techniques.loaded_language_cues import STRONG_TECHNIQUES, load_strong_cues

    for language in ("fr", "en"):
        cues = load_strong_cues(language)
        assert cues is not None and cues.neutral
        for technique in STRONG_TECHNIQUES:
            assert len(cues.cues[technique]) >= 20
            assert all(0 < w <= 1 for _, w in cues.cues[technique])


# ------------------------------------------------------------------ registry register

YANKEES = ("Dans son prêche, l'imam a promis que les Yankees paieraient pour chaque "
           "village bombardé.")
HEXAGONE = ("L'Hexagone a envoyé deux frégates supplémentaires en Méditerranée orientale, "
            "a indiqué l'état-major.")
UNCLE = "Les exportations vers l'Oncle Sam ont reculé de 4 % au troisième trimestre."


def _registry_entities(article: Article) -> None:
    from unspin.stage import make_stage as make_any_stage

    make_any_stage("entities", {"backend": "gazetteer"})(article)


def test_pejorative_registry_name_gives_a_name_calling_span(stage) -> None:
    article = _article(["Titre", YANKEES, HEXAGONE, UNCLE], {})
    _registry_entities(article)
    yankees = next(e for e in article.layer("entities") if article.span_text(e) == "Yankees")
    # the entity is still linked to the country, and marked pejorative
    assert (yankees.attrs["id"], yankees.attrs["register"]) == ("Q30", "pejorative")
    article.layers.setdefault("techniques", [])
    stage(article)
    found = [(a.attrs["paragraph"], article.span_text(a), a.attrs.get("via"))
             for a in _spans(article, "Name_Calling-Labeling")]
    assert found == [(3, "Yankees", "cues")]
    badges = [(a.attrs["paragraph"], a.label) for a in article.layer("techniques")
              if a.attrs["kind"] == "paragraph"]
    assert badges == [(3, "Name_Calling-Labeling")]


def test_cue_phrase_that_is_also_a_pejorative_name_is_one_span(stage) -> None:
    # "l'entité sioniste" is both a strong cue and a pejorative registry name of Israel.
    text = "Le porte-parole a promis que l'entité sioniste paierait le prix de son agression."
    article = _article(["Titre", text], {})
    _registry_entities(article)
    article.layers.setdefault("techniques", [])
    stage(article)
    found = [article.span_text(a) for a in _spans(article, "Name_Calling-Labeling")]
    assert found == ["l'entité sioniste"]


def test_neutral_nicknames_label_no_one(stage) -> None:
    article = _article(["Titre", HEXAGONE, UNCLE], {})
    _registry_entities(article)
    forms = {article.span_text(e): (e.attrs["form"], e.attrs["register"])
             for e in article.layer("entities")}
    assert forms["Hexagone"] == ("nickname", None) and forms["Oncle Sam"] == ("nickname", None)
    article.layers.setdefault("techniques", [])
    stage(article)
    assert not [a for a in article.layer("techniques") if a.label == "Name_Calling-Labeling"]


def test_pejorative_demonym_in_a_flagged_paragraph_is_highlighted(stage) -> None:
    text = "Selon le communiqué, ces Ricains arrogants ne comprennent que la force."
    article = _article(["Titre", text], {3: [("Name_Calling-Labeling", 0.6)]})
    _with_nickname(article, "Ricains", form="demonym", entity=("Q30", "United States"))
    stage(article)
    assert ("Ricains", "cues") in [(article.span_text(a), a.attrs.get("via"))
                                   for a in _spans(article, "Name_Calling-Labeling")]


def test_pejorative_names_evaluation_counts_cues_against_gold(tmp_path: Path) -> None:
    from unspin.evaluation.pejorative_names import evaluate_set, frozen_hashes

    folder = tmp_path / "fr" / "train-articles-subtask-3"
    folder.mkdir(parents=True)
    (folder / "article1.txt").write_text(
        "Titre\n\nLes Ricains ont encore menti, martèle le prédicateur.\n\n"
        "L'Hexagone a voté contre le texte.\n", encoding="utf-8")
    (tmp_path / "fr" / "train-labels-subtask-3.txt").write_text(
        "1\t1\t\n1\t3\tName_Calling-Labeling\n1\t5\t\n", encoding="utf-8")
    got = evaluate_set(tmp_path, "fr", "fr", "train", frozen=set())
    assert got == {"tuning": {"pejorative": 1, "pejorative_in_gold": 1,
                              "neutral": 1, "neutral_in_gold": 0}}
    assert len(frozen_hashes()) == 350  # the frozen half is committed, never edited


def test_learnt_spans_never_cut_a_word_nor_sit_inside_a_name() -> None:
    from unspin.model import Annotation, Article
    from unspin.stages.technique_spans import _readable

    text = "Le porte-parole Karim al-Moussaoui a dénoncé un carnage odieux à Tessalit."
    art = Article.from_text(text)

    def at(word: str, **attrs: object) -> Annotation:
        start = text.index(word)
        return Annotation(start, start + len(word), "Loaded_Language",
                          {"kind": "span", **attrs}, "test")

    name = text.index("Karim al-Moussaoui")
    art.layers["entities"] = [Annotation(name, name + len("Karim al-Moussaoui"), "PER",
                                         {"id": None, "register": None}, "test")]
    spans = [at("parole"), at("Moussaoui"), at("carnage odieux"), at("Tessa")]
    kept = [text[a.start:a.end] for a in _readable(art, spans)]
    assert kept == ["carnage odieux"]
    cue = at("parole", via="cues")
    assert _readable(art, [cue]) == [cue]  # the hand-written cues are kept as they are


def test_token_scores_find_long_ngrams_and_entries_added_after_first_use() -> None:
    """The scorer stops extending an n-gram no entry starts with; an entry whose shorter
    prefixes are not entries is still found, and so is one merged in after a first use."""
    from unspin.techniques.spans import token_scores, tokenize

    lexicon = TechniqueLexicon({"ne trompe personne": 3.0, "honte": 1.0}, 3, False)
    text = "Cette manœuvre ne trompe personne, quelle honte pour le parti."
    scores, evidence = token_scores(tokenize(text), lexicon)
    words = [text[t.start : t.end] for t in tokenize(text)]
    assert [w for w, s in zip(words, scores) if s == 3.0] == ["ne", "trompe", "personne"]
    assert [w for w, s in zip(words, scores) if s == 1.0] == ["honte"]
    assert evidence[words.index("trompe")] == {"ne trompe personne"}
    lexicon.ngrams["pour le parti"] = 2.0  # as SpanModel.merge_cues does
    scores, _ = token_scores(tokenize(text), lexicon)
    assert [w for w, s in zip(words, scores) if s == 2.0] == ["pour", "le", "parti"]
