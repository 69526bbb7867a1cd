"""The web app in a real browser: every page from a store of the story corpus, a story and an
outlet clicked, highlights, map and plots drawn, nothing fetched outside 127.0.0.1, and a
hostile article that runs no script.

Needs Debian's chromium at ``/usr/bin/chromium`` and the ``playwright`` package (its own
browser downloads are not used). ``UNSPIN_WEB_SCREENSHOTS=docs/screenshots`` also saves
a screenshot of each page there (the README's pictures).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from web_corpus import PWN, build_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
SHOTS = os.environ.get("UNSPIN_WEB_SCREENSHOTS")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    uvicorn = pytest.importorskip("uvicorn")
    from unspin.web.app import create_app

    db = build_store(tmp_path_factory.mktemp("webbrowser"))
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the web app did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)




class Watch:
    """What a page did: requests, dialogs, console errors."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def outside(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname != "127.0.0.1"
                and not u.startswith(("data:", "about:"))]


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"web-{name}.png"))


def _open(browser: Any, url: str) -> tuple[Any, Watch]:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    watch = Watch(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, watch


def _drawn(locator: Any) -> bool:
    box = locator.bounding_box()
    return box is not None and box["width"] > 10 and box["height"] > 10


def test_story_and_outlet_journey(browser: Any, server: str) -> None:
    page, watch = _open(browser, server + "/stories")
    assert page.locator("html").get_attribute("data-unspin-js") == "ready"  # our script ran
    _shot(page, "stories")
    # The first story listed told by at least three outlets in two languages.
    row = page.locator("tr.story-row").filter(has_text="fr").filter(has_text="en").first
    row.locator("a.story").click()
    page.wait_for_load_state("networkidle")
    assert "/stories/" in page.url
    columns = page.locator("section.side-by-side thead th")
    assert columns.count() >= 4  # a label column and three outlets or more
    differs = page.locator("td.differs")
    assert differs.count() >= 2
    assert differs.first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 214, 214)"
    assert page.locator("section.side-by-side").get_by_text("anonymous").count() >= 1
    assert _drawn(page.locator("svg.worldmap").first)
    assert page.locator("svg.worldmap circle.place").count() >= 1
    _shot(page, "story")

    page.locator("section.side-by-side thead a.outlet").first.click()
    page.wait_for_load_state("networkidle")
    assert "/outlets/" in page.url
    plots = page.locator("svg.plot")
    assert plots.count() == 3
    for i in range(3):
        assert _drawn(plots.nth(i))
    assert page.locator("svg.plot rect.bar").count() >= 1
    assert page.locator("svg.plot circle.dot").count() >= 1
    _shot(page, "outlet")
    assert watch.outside() == []
    assert watch.dialogs == []
    assert not [e for e in watch.errors if "Content Security Policy" in e]
    page.close()


def test_search_article_highlights_and_map(browser: Any, server: str) -> None:
    page, watch = _open(browser, server + "/?q=Kharkiv")
    hits = page.locator("li.hit")
    assert hits.count() >= 4
    assert page.locator("li.hit mark").first.inner_text().lower() == "kharkiv"
    page.locator("select[name=language]").select_option("fr")  # facet menus submit
    page.wait_for_url("**language=fr**", timeout=10_000)
    page.wait_for_load_state("networkidle")
    _shot(page, "search")
    # The outlet that uses loaded words, so that technique highlights are on the page.
    page.locator("li.hit").filter(has_text="Éclaireur").locator("a.title").first.click()
    page.wait_for_load_state("networkidle")
    assert "/articles/" in page.url
    # The article report's highlights and popover work with the script served from /assets.
    assert page.locator("#unspin-pop").count() == 1
    page.locator('input.toggle[data-layer="figures"]').check()
    figure = page.locator(".seg.lay-figures").first
    assert figure.evaluate("e => getComputedStyle(e).borderBottomStyle") == "dashed"
    technique = page.locator(".seg.tech")
    assert technique.count() >= 1
    assert technique.first.evaluate("e => getComputedStyle(e).backgroundColor") != \
        "rgba(0, 0, 0, 0)"
    technique.first.hover()
    assert page.locator("#unspin-pop").is_visible()
    _shot(page, "article")
    page.goto(server + "/map")
    page.wait_for_load_state("networkidle")
    worldmap = page.locator("svg.worldmap")
    assert _drawn(worldmap)
    # The basemap image is our own file, and it loaded.
    assert any(u.endswith("/static/world.svg") for u in watch.requests)
    assert page.locator("svg.worldmap circle.place").count() >= 10
    event = page.locator("svg.worldmap path.event")
    assert event.count() >= 1
    event.first.hover()
    assert "Explosions" in page.locator("#map-tip").inner_text()
    assert _drawn(page.locator("figure.timeline svg.plot"))
    _shot(page, "map")
    assert watch.outside() == []
    assert watch.dialogs == []
    page.close()


def test_hostile_article_runs_no_script(browser: Any, server: str) -> None:
    page, watch = _open(browser, server + "/?q=disgraceful")
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit a.source").count() == 0  # javascript: URL never a link
    page.locator("li.hit a.title").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("main img, main iframe").count() == 0
    assert page.locator("article.report svg[onload]").count() == 0
    assert "<script>" in page.locator("article.report").inner_text()  # shown, as text
    for url in ("/outlets", "/stories", "/?q=Erbil", "/map"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("a[href^='javascript']").count() == 0
    page.goto(server + "/outlets")
    page.get_by_text("Evil & Co").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith("Evil & Co")
    assert watch.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watch.outside() == []
    # The outlet name is the page title as plain text, markup and all.
    assert page.evaluate("document.title").startswith('<img src=x onerror="' + PWN)
    page.close()
