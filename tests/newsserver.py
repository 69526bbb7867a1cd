"""A local news site for the web tests: pages, feeds, OPML, sitemaps, robots.txt and traps.

Everything is served from 127.0.0.1 by a thread started by the test; nothing touches the
internet. The articles are generated here from sentence templates written for these
tests (fictional events, realistic French and English news style), so that 100 distinct
stories and lightly edited copies of some of them can be produced quickly.
"""

from __future__ import annotations

import gzip
import html
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# -- generated articles --------------------------------------------------------------------

FR_PLACES = ["Lille", "Amiens", "Rouen", "Caen", "Reims", "Metz", "Nancy", "Dijon", "Besançon",
             "Brest", "Rennes", "Nantes", "Angers", "Tours", "Poitiers", "Limoges", "Clermont",
             "Grenoble", "Valence", "Nîmes", "Perpignan", "Bayonne", "Pau", "Troyes", "Arras"]
FR_PEOPLE = ["Claire Dumont", "Hervé Lagarde", "Sophie Marchal", "Karim Benali", "Anne Roussel",
             "Paul Verdier", "Nadia Haddad", "Luc Morel", "Élise Garnier", "Thomas Picard",
             "Julie Fabre", "Marc Olivier", "Inès Caron", "Yves Le Goff", "Lina Perret"]
FR_ROLES = ["la préfète", "le maire", "la directrice de l'hôpital", "le procureur",
            "la présidente du conseil départemental", "le porte-parole des pompiers",
            "la secrétaire syndicale", "le président de la chambre d'agriculture"]
FR_SUBJECTS = ["Le conseil municipal de {place}", "La préfecture de {place}",
               "{person}, {role},", "Le syndicat des transports de {place}",
               "L'agence régionale de santé", "La chambre de commerce de {place}",
               "Le tribunal administratif de {place}", "Un collectif d'habitants de {place}",
               "La direction de l'hôpital de {place}", "Le rectorat", "L'opposition municipale",
               "La société d'économie mixte de {place}"]
FR_VERBS = ["a annoncé", "a voté", "a reporté", "a confirmé", "a présenté", "a suspendu",
            "a validé", "a contesté", "a dénoncé", "réclame"]
FR_OBJECTS = ["un plan de {n} millions d'euros pour les écoles",
              "la fermeture de la piscine municipale", "la hausse des tarifs de la cantine",
              "le projet de contournement routier", "l'installation de {n} caméras de surveillance",
              "la réouverture de la ligne ferroviaire vers {place2}",
              "la construction de {n} logements sociaux", "le budget de la culture pour {year}",
              "un arrêté limitant l'usage de l'eau", "le transfert du marché hebdomadaire",
              "la suppression de {n} postes d'enseignants", "l'extension de la zone commerciale",
              "la rénovation de la gare routière", "un nouveau plan de circulation"]
FR_TAILS = ["lors de la séance de lundi soir.", "malgré l'opposition des riverains.",
            "après {n} mois de négociations.", "selon un communiqué publié mardi.",
            "sans donner de calendrier précis.", "à la demande des associations de parents.",
            "au grand dam des commerçants du centre-ville.", "dans un contexte budgétaire tendu.",
            "en attendant l'avis de l'État.", "devant une salle comble.",
            "pour la {n}e fois depuis {year}.", "d'ici à la fin de l'année."]
FR_QUOTES = ["« Nous n'avons pas le choix », a déclaré {person} à la sortie de la réunion.",
             "« C'est une décision lourde mais nécessaire », estime {person}, {role}.",
             "« Personne ne nous a consultés », regrette {person}, jointe par téléphone."]
EN_PLACES = ["Leeds", "Bristol", "Cardiff", "Dundee", "Norwich", "Exeter", "Hull", "Derby",
             "York", "Bath", "Preston", "Swansea", "Carlisle", "Lincoln", "Oxford"]
EN_PEOPLE = ["Helen Ward", "Tom Baxter", "Priya Shah", "Gareth Owen", "Lucy Grant",
             "Daniel Reeve", "Amira Khan", "Neil Foster", "Rachel Dunn", "Simon Hale"]
EN_ROLES = ["the council leader", "the chief constable", "a hospital spokeswoman",
            "the union's regional secretary", "the harbour master", "the head teacher"]
EN_SUBJECTS = ["{place} city council", "The county's police force", "{person}, {role},",
               "The regional transport authority", "The local health trust",
               "{place} chamber of commerce", "A residents' group in {place}",
               "The opposition group on the council", "The port authority",
               "The education board"]
EN_VERBS = ["announced", "approved", "postponed", "confirmed", "unveiled", "suspended",
            "rejected", "criticised", "is demanding"]
EN_OBJECTS = ["a {n} million pound plan for schools", "the closure of the public pool",
              "higher school meal prices", "the planned bypass", "{n} new CCTV cameras",
              "the reopening of the rail line to {place2}", "{n} new social homes",
              "the arts budget for {year}", "a hosepipe ban", "the move of the weekly market",
              "the loss of {n} teaching posts", "the retail park extension",
              "the refurbishment of the bus station", "a new traffic plan"]
EN_TAILS = ["at Monday night's meeting.", "despite objections from residents.",
            "after {n} months of talks.", "in a statement on Tuesday.",
            "without giving a timetable.", "at the request of parents' groups.",
            "to the dismay of town-centre shopkeepers.", "amid tight budgets.",
            "pending a government review.", "in front of a packed hall.",
            "for the {n}th time since {year}.", "by the end of the year."]
EN_QUOTES = ["\"We had no choice,\" {person} said after the meeting.",
             "\"It is a hard decision but a necessary one,\" said {person}, {role}.",
             "\"Nobody asked us,\" said {person}, reached by phone."]
FR_LEADS = [
    "Les habitants de {place} ont découvert la nouvelle mardi matin.",
    "C'est une annonce qui a surpris jusqu'aux élus de l'opposition à {place}.",
    "La décision était attendue depuis plusieurs semaines dans le département.",
]
FR_ADDED = [
    "Contactée, la mairie de {place} indique qu'un communiqué sera publié dans la journée.",
    "L'information a été confirmée par plusieurs sources proches du dossier.",
]


@dataclass
class Story:
    """One generated article: its slug, headline, paragraphs, author, date, language."""

    slug: str
    title: str
    paragraphs: list[str]
    author: str
    published: datetime
    language: str = "fr"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _fill(template: str, rng: random.Random, places: list[str], people: list[str],
          roles: list[str]) -> str:
    place, place2 = rng.sample(places, 2)
    return template.format(place=place, place2=place2, person=rng.choice(people),
                           role=rng.choice(roles), n=rng.randint(2, 97),
                           h=rng.randint(1, 11), year=rng.randint(2009, 2023))


def make_story(seed: int, language: str = "fr", sentences: int = 7) -> Story:
    """A distinct generated news story (the seed picks its sentences and their slots)."""
    rng = random.Random(seed)
    if language == "fr":
        parts = (FR_SUBJECTS, FR_VERBS, FR_OBJECTS, FR_TAILS)
        quotes, places, people, roles = FR_QUOTES, FR_PLACES, FR_PEOPLE, FR_ROLES
    else:
        parts = (EN_SUBJECTS, EN_VERBS, EN_OBJECTS, EN_TAILS)
        quotes, places, people, roles = EN_QUOTES, EN_PLACES, EN_PEOPLE, EN_ROLES
    lines = []
    for _ in range(sentences):
        template = " ".join(rng.choice(part) for part in parts)
        line = _fill(template, rng, places, people, roles)
        lines.append(line[0].upper() + line[1:])
    lines.insert(rng.randint(1, sentences - 1), _fill(rng.choice(quotes), rng, places, people,
                                                       roles))
    # Two sentences a paragraph, as short regional news is laid out.
    paragraphs = [" ".join(lines[i : i + 2]) for i in range(0, len(lines), 2)]
    title = lines[0].split(",")[0].rstrip(".")
    published = datetime(2024, 3, 1, 8, tzinfo=UTC) + timedelta(hours=seed % 400)
    return Story(slug=f"story-{seed}", title=title, paragraphs=paragraphs,
                 author=rng.choice(people), published=published, language=language)


def near_copy(story: Story, seed: int) -> Story:
    """The same story lightly edited by another outlet: new headline and first sentence,
    one sentence added at the end."""
    rng = random.Random(seed)
    _, _, rest = story.paragraphs[0].partition(". ")
    lead = _fill(rng.choice(FR_LEADS), rng, FR_PLACES, FR_PEOPLE, FR_ROLES)
    paragraphs = [f"{lead} {rest}"] + story.paragraphs[1:]
    paragraphs[-1] += " " + _fill(rng.choice(FR_ADDED), rng, FR_PLACES, FR_PEOPLE, FR_ROLES)
    return Story(slug=f"reprise-{story.slug}", title="Ce qu'il faut retenir : " + story.title,
                 paragraphs=paragraphs, author="La rédaction",
                 published=story.published + timedelta(hours=3), language=story.language)


def article_page(story: Story, outlet: str) -> str:
    """A realistic article page: navigation, headline, byline, paragraphs, footer."""
    esc = html.escape
    body = "\n".join(f"      <p>{esc(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{story.language}">
<head>
  <meta charset="utf-8">
  <title>{esc(story.title)} | {esc(outlet)}</title>
  <meta property="og:site_name" content="{esc(outlet)}">
  <meta name="author" content="{esc(story.author)}">
  <meta property="article:published_time" content="{story.published.isoformat()}">
</head>
<body>
  <nav><a href="/">Accueil</a> <a href="/region">Région</a> <a href="/sport">Sport</a></nav>
  <main>
    <article>
      <h1>{esc(story.title)}</h1>
      <p class="byline">Par {esc(story.author)}</p>
{body}
    </article>
  </main>
  <footer>© {esc(outlet)} — Mentions légales — Contact</footer>
</body>
</html>
"""


def rss_feed(title: str, base: str, items: list[tuple[str, Story]]) -> str:
    entries = "\n".join(
        f"""    <item>
      <title>{html.escape(story.title)}</title>
      <link>{base}{path}</link>
      <guid>{base}{path}</guid>
      <pubDate>{format_datetime(story.published)}</pubDate>
    </item>""" for path, story in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>{html.escape(title)}</title>
    <link>{base}/</link>
    <description>Toute l'actualité de la région</description>
{entries}
  </channel>
</rss>
"""


def atom_feed(title: str, base: str, items: list[tuple[str, Story]]) -> str:
    entries = "\n".join(
        f"""  <entry>
    <title>{html.escape(story.title)}</title>
    <link href="{base}{path}"/>
    <id>{base}{path}</id>
    <updated>{story.published.isoformat()}</updated>
    <author><name>{html.escape(story.author)}</name></author>
  </entry>""" for path, story in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{html.escape(title)}</title>
  <id>{base}/atom</id>
  <updated>2024-03-20T10:00:00Z</updated>
{entries}
</feed>
"""


def json_feed(title: str, base: str, items: list[tuple[str, Story]]) -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title,
        "items": [{"id": f"{base}{path}", "url": f"{base}{path}", "title": story.title,
                   "date_published": story.published.isoformat(),
                   "authors": [{"name": story.author}]} for path, story in items]})


def opml(feeds: list[tuple[str, str]]) -> str:
    outlines = "\n".join(f'      <outline type="rss" text="{html.escape(t)}" xmlUrl="{u}"/>'
                         for t, u in feeds)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>Veille régionale</title></head>
  <body>
    <outline text="Presse régionale">
{outlines}
    </outline>
  </body>
</opml>
"""


def sitemap(urls: list[str]) -> str:
    locs = "\n".join(f"  <url><loc>{u}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{locs}\n</urlset>\n")


# -- the server ---------------------------------------------------------------------------


@dataclass
class Route:
    """What a path answers: status, headers, body; or a handler doing it all."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up on purpose (caps, timeouts) are expected here


class NewsServer:
    """A threaded HTTP server on 127.0.0.1 with a route table and request counters."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.user_agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(path)
                if route is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                if route.handler is not None:
                    route.handler(self)
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, {"ETag": route.etag}, b"")
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                self._send(route.status, headers, route.body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self) -> NewsServer:  # noqa: PYI034 - not subclassed
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200, etag: str | None = None, **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, status, {"Content-Type": content_type, **headers}, etag)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.routes[path] = Route(b"", status, {"Location": location})

    def handle(self, path: str, handler: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.routes[path] = Route(handler=handler)

    def page_hits(self, prefix: str = "/articles/") -> int:
        return sum(n for path, n in self.hits.items() if path.startswith(prefix))


def slow_handler(seconds: float) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", "13")
            request.end_headers()
            request.wfile.write(b"<p>late!</p>\n")
        except OSError:
            pass  # the client gave up, as it should

    return handle


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzipped: a few kilobytes that expand enormously."""
    return gzip.compress(b"\0" * size, compresslevel=9)
