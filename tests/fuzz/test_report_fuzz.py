"""Fuzzed articles rendered as HTML reports run no script in a real browser.

Each article comes from a hostile input through a reader, with annotations of several
layers laid on random (overlapping) spans, so the highlighting code meets hostile text at
every boundary. Needs Debian's chromium; skipped with a reason without it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from unspin.model import Annotation, Article
from unspin.report.html import render_html

from .hostile import hostile_inputs
from .invariants import read_all

pytestmark = pytest.mark.browser

LAYERS = {
    "techniques": ("Loaded_Language", {"kind": "span", "confidence": 0.7,
                                       "family": "manipulative_wording",
                                       "explanation": "<b onmouseover=alert(1)>x</b>"}),
    "entities": ("PER", {"name": "<script>alert(1)</script>", "id": "javascript:alert(1)"}),
    "quotes": ("quote", {"speaker": "\"><img src=x onerror=alert(1)>", "cue": "a dit"}),
    "places": ("city", {"name": "</svg><svg onload=alert(1)>", "lat": 91.0, "lon": -200.0}),
    "hedges": ("hedge", {"cue": "'-alert(1)-'"}),
}


def _fuzzed_articles(count: int) -> list[Article]:
    rng = random.Random(5)
    articles: list[Article] = []
    for item in hostile_inputs(count * 2, seed=23):
        for result in read_all(item.data, item.name):
            if isinstance(result, Article) and len(articles) < count:
                size = len(result.text)
                for layer, (label, attrs) in LAYERS.items():
                    for _ in range(3):
                        start = rng.randrange(size)
                        end = min(size, start + rng.randint(1, 40))
                        result.layers.setdefault(layer, []).append(
                            Annotation(start, end, label, dict(attrs), "fuzz"))
                for anns in result.layers.values():
                    anns.sort(key=lambda a: (a.start, -a.end))
                articles.append(result)
    return articles




def test_fuzzed_reports_run_no_script(browser, tmp_path: Path) -> None:
    articles = _fuzzed_articles(40)
    assert len(articles) >= 30
    page = browser.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    for n in range(0, len(articles), 10):
        path = tmp_path / f"report{n}.html"
        path.write_text(render_html(articles[n:n + 10]), encoding="utf-8")
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        # Hover every highlight: popovers must not run what they show either.
        for seg in page.locator(".seg").all()[:60]:
            for event in ("mouseover", "focusin", "click"):
                seg.dispatch_event(event)
        assert page.locator("#unspin-pop").count() == 1  # our own script still ran
    assert dialogs == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.close()
