"""The HTML report in a real browser: highlights, popovers, no script injection, no network.

Needs Debian's chromium at ``/usr/bin/chromium`` and the ``playwright`` Python package (its
own browser downloads are not used). Skipped with a reason when either is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from unspin.model import Annotation, Article
from unspin.report.html import render_html
from unspin.techniques.explanations import explain

pytestmark = pytest.mark.browser

PWN = "window.__pwned=1;alert(1)"

# Family colours of report.css (--fam-*), as the browser computes them.
MANIPULATIVE_WORDING = "rgb(248, 201, 154)"
ATTACK_ON_REPUTATION = "rgb(246, 179, 179)"


def _french_article() -> Article:
    """A hand-written French wire-style story with hostile markup in its text and title."""
    lines = [
        "GUERRE EN MORAVIE",
        "Le régime de Valbourg bombarde encore Lissa <script>" + PWN + "</script>",
        "",
        ("Selon l'armée moravienne, 40 roquettes se sont abattues mardi sur Lissa. Ce carnage "
         "honteux aurait fait une douzaine de victimes, une véritable boucherie."),
        "",
        "« Nous ne plierons jamais » <img src=x onerror=\"" + PWN + "\">, a déclaré la "
        "porte-parole Anna Weber depuis Genève.",
        "",
        "Des sources anonymes évoquent une riposte certaine \"><svg onload=\"" + PWN +
        "\"> </script><!-- et rien d'autre.",
        "SOURCE : RADIO NORD INFO",
    ]
    text = "\n".join(lines) + "\n"
    art = Article.from_text(text, language="fr", published="2020-11-17",
                            title="Le régime de Valbourg bombarde <script>" + PWN + "</script>",
                            outlet="Radio Nord Info")
    art.meta["genre"] = {"label": "reporting", "confidence": 0.74, "scores": {}}

    def at(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return start, start + len(needle)

    def add(layer: str, needle: str, label: str, **attrs: object) -> None:
        art.layers.setdefault(layer, []).append(Annotation(*at(needle), label, dict(attrs), "test"))

    add("techniques", lines[3], "Loaded_Language", kind="paragraph", paragraph=4, confidence=0.83)
    add("techniques", "carnage honteux", "Loaded_Language", kind="span", paragraph=4,
        confidence=0.71, family="manipulative_wording",
        explanation=explain("Loaded_Language", "fr"))
    add("techniques", "véritable boucherie", "Loaded_Language", kind="span", paragraph=4,
        confidence=0.66, family="manipulative_wording",
        explanation=explain("Loaded_Language", "fr"))
    add("techniques", lines[1], "Name_Calling-Labeling", kind="paragraph", paragraph=2,
        confidence=0.64)
    add("techniques", "régime de Valbourg", "Name_Calling-Labeling", kind="span", paragraph=2,
        confidence=0.58, family="attack_on_reputation",
        explanation=explain("Name_Calling-Labeling", "fr"))
    add("entities", "Valbourg", "LOC", name="Valbourg", type="city", id=None)
    add("entities", "Anna Weber", "PER", name="Anna Weber", type="person", id=None)
    add("places", "Genève", "city", name="Genève", lat=46.2, lon=6.15, country="CH")
    add("times", "mardi", "DATE", type="DATE", value="2020-11-17")
    add("figures", "40 roquettes", "count", value=40, object="roquettes")
    add("quotes", "Nous ne plierons jamais", "quote", kind="direct", speaker="Anna Weber",
        cue="a déclaré")
    add("sources", "l'armée moravienne", "named_organisation", source="l'armée moravienne",
        cue="selon")
    add("sources", "Des sources anonymes", "anonymous", source="Des sources anonymes",
        cue="évoquent")
    add("hedges", "aurait fait", "hedge", kind="conditional", cue="aurait")
    add("hedges", "certaine", "certainty", kind="epistemic_adjective", cue="certain")
    add("claims", lines[7], "claim", attribution="anonymous", hedged=False,
        certainty_marker=True, unsourced_assertion=False, source=1)
    for layer in art.layers.values():
        layer.sort(key=lambda a: (a.start, -a.end))
    return art




def test_report_in_browser(browser, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_html([_french_article()]), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []
    requests: list[str] = []
    csp_errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: csp_errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")

    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("article img").count() == 0
    assert page.locator("article p svg").count() == 0
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    # Our own script ran (the CSP hash matches it): the popover element exists.
    assert page.locator("#unspin-pop").count() == 1
    assert not [e for e in csp_errors if "Content Security Policy" in e and "script" in e]

    loaded = page.locator(".seg.tech.fam-manipulative_wording").first
    labelled = page.locator(".seg.tech.fam-attack_on_reputation").first
    assert loaded.inner_text() == "carnage honteux"
    assert loaded.evaluate("e => getComputedStyle(e).backgroundColor") == MANIPULATIVE_WORDING
    assert labelled.evaluate("e => getComputedStyle(e).backgroundColor") == ATTACK_ON_REPUTATION

    loaded.hover()
    pop = page.locator("#unspin-pop")
    assert pop.is_visible()
    assert explain("Loaded_Language", "fr") in pop.inner_text()
    assert "71 %" in pop.inner_text()

    page.mouse.move(5, 5)
    labelled.click()
    assert pop.is_visible()
    assert explain("Name_Calling-Labeling", "fr") in pop.inner_text()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.keyboard.press("Escape")
    assert not pop.is_visible()

    # Unticking "Techniques" removes the colours.
    page.locator('input.toggle[data-layer="techniques"]').uncheck()
    assert loaded.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.locator('input.toggle[data-layer="techniques"]').check()

    shot = os.environ.get("UNSPIN_REPORT_SCREENSHOT")
    if shot:  # e.g. /tmp/unspin_report.png, to look at the page by hand
        shutil.copy(tmp_path / "report.png", shot)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    page.close()
