"""The one sentence splitter of the stages (``unspin.sentences``)."""

from __future__ import annotations

import itertools

from unspin.intervals import overlap_length
from unspin.model import Article
from unspin.sentences import rule_sentences, sentence_spans

TEXT = ("Le maire de Villefranche a démissionné lundi. Il l'a annoncé au conseil municipal.\n"
        "« Je pars la tête haute », a-t-il déclaré. M. Durand restera conseiller.")


def _texts(article: Article, spans: list[tuple[int, int]]) -> list[str]:
    return [article.text[s:e] for s, e in spans]


def test_rule_splitter_without_a_parse() -> None:
    article = Article(text=TEXT)
    assert _texts(article, sentence_spans(article)) == [
        "Le maire de Villefranche a démissionné lundi.",
        "Il l'a annoncé au conseil municipal.",
        "« Je pars la tête haute », a-t-il déclaré.",
        "M. Durand restera conseiller.",
    ]


def test_the_sentences_layer_wins_over_the_rules() -> None:
    article = Article(text=TEXT)
    # A parse that keeps the first line as one sentence: the layer is what is used.
    first_line = TEXT.index("\n")
    article.add("sentences", 0, first_line, "sentence")
    article.add("sentences", first_line + 1, len(TEXT), "sentence")
    spans = sentence_spans(article)
    assert _texts(article, spans)[0] == TEXT[:first_line]
    assert len(spans) == 2


def test_a_closing_quote_piece_is_glued_back() -> None:
    article = Article(text=TEXT)
    start = TEXT.index("« Je")
    cut = TEXT.index("», a-t-il")
    article.add("sentences", 0, start, "sentence")
    article.add("sentences", start, cut, "sentence")
    article.add("sentences", cut, len(TEXT), "sentence")
    texts = _texts(article, sentence_spans(article))
    assert "« Je pars la tête haute », a-t-il déclaré. M. Durand restera conseiller." in texts


def test_rule_splitter_on_hostile_input_keeps_every_character_once() -> None:
    for text in ("«" * 50_000, "." * 60_000, "a" * 1_000_000, "Fin. " * 20_000):
        spans = rule_sentences(text)
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert all(overlap_length(a, b) == 0 for a, b in itertools.pairwise(spans))


def test_overlap_length() -> None:
    assert overlap_length((0, 10), (5, 20)) == 5
    assert overlap_length((0, 5), (5, 9)) == 0
    assert overlap_length((3, 4), (0, 100)) == 1


def test_month_names_are_one_source_for_times_figures_and_segments() -> None:
    from unspin.figures.lexicon import load_lexicon as figures_lexicon
    from unspin.month_names import month_abbreviations, month_names
    from unspin.stages.segments import load_cues
    from unspin.times.lexicon import load_lexicon as times_lexicon

    assert month_names("fr")["février"] == 2 and month_abbreviations("fr")["févr"] == 2
    assert set(figures_lexicon("fr").cue_list("months")) == set(month_names("fr"))
    assert load_cues(["fr"]).months == month_names("fr")
    times_months = times_lexicon("fr").tables["months"]
    assert times_months["févr."] == 2 and times_months["fevrier"] == 2
