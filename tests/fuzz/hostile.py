"""Hostile inputs for the fuzz tests and the long fuzz run: generated and mutated, seeded.

Everything here is written for the project: a few sentences of made-up news to mutate, and
the kinds of text a scraper meets in the wild (bidirectional marks, combining characters,
zero-width characters, NUL and other control bytes, lone quotation marks, punctuation runs,
mixed scripts, very long words and paragraphs, deeply nested HTML, broken JSON and bytes
that are not UTF-8).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SEEDS = [
    ("Selon des sources sécuritaires, trois roquettes se seraient abattues jeudi soir "
    "près de l'ambassade, sans faire de victimes."),
    ("« Nous ne reculerons pas », a déclaré mardi le porte-parole du ministère, "
    "évoquant un « complot » ourdi par l'étranger."),
    ("Le convoi de 40 camions a quitté la base le 12 mars 2021 à l'aube ; 1 500 soldats "
    "devraient suivre d'ici la fin du mois."),
    ("D'après un responsable ayant requis l'anonymat, les pourparlers reprendraient "
    "la semaine prochaine à Genève."),
    "Officials said on Monday that at least 12 people were killed when the bridge collapsed.",
    "Il ne fait aucun doute que l'ennemi, que la presse appelle « l'Oncle Sam », a menti.",
]

BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
        "\u2067", "\u2068", "\u2069", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
COMBINING = ["\u0301", "\u0300", "\u0308", "\u0327", "\u0336", "\u20dd", "\u0489"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1b[31m", "\x7f",
           "\x85", "\u2028", "\u2029", "\r", "\r\n", "\t"]
QUOTES = ["«", "»", "“", "”", "„", "‟", "‹", "›", '"', "'", "’", "‘", "「", "」", "« ", " »"]
PUNCT = list(".,;:!?…—–-()[]{}/\\|*#@%&+=<>~^_`$€")
SCRIPTS = ["مرحبا بالعالم", "Привет, мир", "你好世界", "नमस्ते दुनिया", "שלום עולם",
           "Γειά σου Κόσμε", "😀🔥🇫🇷👍🏽", "𝔘𝔫𝔰𝔭𝔦𝔫", "ｆｕｌｌｗｉｄｔｈ", "İıŞşĞğ"]
WORDS = ["selon", "a déclaré", "mardi", "le lendemain", "2 000", "12,5 %", "M.", "Dr.",
         "l'armée", "porte-parole", "http://example.org/x?y=1", "<script>alert(1)</script>",
         "javascript:alert(1)", "=cmd|' /C calc'!A0", "NEAR(", "\"", "title:", "*"]
HTML_TAGS = ["div", "p", "span", "article", "section", "b", "i", "a", "table", "td", "li",
             "ul", "blockquote", "script", "style", "iframe", "svg", "math", "noscript"]


@dataclass
class HostileInput:
    """One generated input: its bytes, the file name it pretends to have, how it was made."""

    data: bytes
    name: str
    kind: str


def _atom(rng: random.Random) -> str:
    pool: list[str] = rng.choice([BIDI, ZERO_WIDTH, COMBINING, CONTROL, QUOTES, PUNCT,
                                  SCRIPTS, WORDS])
    return rng.choice(pool)


def mutate_text(text: str, rng: random.Random, edits: int | None = None) -> str:
    """``text`` with insertions, deletions, repeats and swaps of hostile atoms."""
    chars = list(text)
    for _ in range(edits if edits is not None else rng.randint(1, 12)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.5:
            chars[pos:pos] = list(_atom(rng) * rng.choice([1, 1, 1, 2, 5, 50]))
        elif op < 0.65 and chars:
            del chars[pos:pos + rng.randint(1, 8)]
        elif op < 0.8 and chars:
            piece = chars[pos:pos + rng.randint(1, 30)]
            chars[pos:pos] = piece * rng.randint(1, 20)
        elif op < 0.9:
            chars[pos:pos] = list("\n" * rng.randint(1, 4))
        elif chars:
            i, j = rng.randrange(len(chars)), rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def hostile_text(rng: random.Random, large: bool = False) -> str:
    """A whole article's worth of hostile text (one of several recipes)."""
    recipe = rng.randrange(10)
    if recipe == 0:  # punctuation only
        return "".join(rng.choice(PUNCT + QUOTES) for _ in range(rng.randint(1, 3000)))
    if recipe == 1:  # lone or unbalanced quotation marks around news
        return "\n".join(rng.choice(QUOTES) + rng.choice(SEEDS) + rng.choice(["", "»", "“"])
                         for _ in range(rng.randint(1, 8)))
    if recipe == 2:  # nested quotations
        depth = rng.randint(1, 60)
        return "Il a dit " + "« " * depth + "oui" + " »" * rng.randint(0, depth)
    if recipe == 3:  # mixed scripts and bidi marks in a news frame
        return " ".join(rng.choice(SCRIPTS + SEEDS + BIDI) for _ in range(rng.randint(1, 40)))
    if recipe == 4:  # one long word
        return rng.choice(SEEDS) + " " + "x" * rng.randint(100, 20_000) + "."
    if recipe == 5 and large:  # a 100,000-character paragraph
        return " ".join(rng.choice(SEEDS) for _ in range(800))[:100_000]
    if recipe == 6:  # combining characters stacked on letters
        return "".join(c + "".join(rng.choice(COMBINING) for _ in range(rng.randint(0, 6)))
                       for c in rng.choice(SEEDS))
    if recipe == 7:  # repeated attribution words
        return " ".join(rng.choice(["selon", "a déclaré", "d'après", "«", "»", ","])
                        for _ in range(rng.randint(10, 2000)))
    # mutated news
    body = "\n".join(rng.choice(SEEDS) for _ in range(rng.randint(1, 6)))
    return mutate_text(body, rng)


def hostile_html(rng: random.Random) -> str:
    """HTML pages: deeply nested, unclosed, scripts, entities, hostile attributes."""
    depth = rng.choice([1, 5, 50, 500, 3000])
    tags = [rng.choice(HTML_TAGS) for _ in range(depth)]
    inner = hostile_text(rng)
    opened = "".join(f"<{t} onclick=\"alert(1)\" title='{rng.choice(WORDS)}'>" for t in tags)
    closed = "".join(f"</{t}>" for t in reversed(tags)) if rng.random() < 0.7 else ""
    head = rng.choice(["", "<!DOCTYPE html>", "<?xml version='1.0'?>",
                       "<html><head><meta charset='koi8-r'><title>" + rng.choice(SEEDS)
                       + "</title></head>"])
    return (f"{head}<html><body>{opened}<p>{rng.choice(SEEDS)}</p>{inner}"
            f"<img src=x onerror=alert(1)>&#0;&#x110000;&amp&lt;{closed}</body></html>")


def hostile_jsonl(rng: random.Random) -> str:
    """JSONL: valid objects with hostile fields, broken lines, wrong types."""
    lines = []
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        if choice < 0.5:
            obj: object = {"text": hostile_text(rng), "title": mutate_text("Titre", rng),
                           "url": rng.choice(["javascript:alert(1)", "http://x.test/a",
                                              "", "ftp://[::1]/"]),
                           "published": rng.choice(["2020-13-45", "hier", "2021-02-03", ""]),
                           "outlet": rng.choice(SCRIPTS + WORDS)}
        elif choice < 0.7:
            obj = rng.choice([[], 3, None, "text", {"text": 5}, {"title": "x"},
                              {"text": ["a", "b"]}, {"text": ""}])
        else:
            lines.append(mutate_text(json.dumps({"text": rng.choice(SEEDS)}), rng))
            continue
        lines.append(json.dumps(obj, ensure_ascii=rng.random() < 0.5))
    return "\n".join(lines)


def _encode(text: str, rng: random.Random) -> bytes:
    """``text`` as bytes: UTF-8 mostly, sometimes another codec or corrupted bytes."""
    choice = rng.random()
    if choice < 0.6:
        data = text.encode("utf-8", "surrogatepass")
    elif choice < 0.7:
        data = text.encode("utf-16")
    elif choice < 0.8:
        data = text.encode("cp1252", "replace")
    elif choice < 0.85:
        data = b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    else:
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 10)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    return data


_MAKERS: dict[str, tuple[str, Callable[[random.Random], str]]] = {
    "text": ("fuzz.txt", hostile_text),
    "html": ("fuzz.html", hostile_html),
    "jsonl": ("fuzz.jsonl", hostile_jsonl),
    "sniffed": ("fuzz", lambda rng: rng.choice([hostile_text, hostile_html,
                                                hostile_jsonl])(rng)),
}


def hostile_inputs(count: int, seed: int = 0, large: bool = False,
                   kinds: tuple[str, ...] = tuple(_MAKERS)) -> Iterator[HostileInput]:
    """``count`` seeded inputs cycling over ``kinds`` (text, html, jsonl, sniffed)."""
    rng = random.Random(seed)
    for i in range(count):
        kind = kinds[i % len(kinds)]
        name, make = _MAKERS[kind]
        text = hostile_text(rng, large) if kind == "text" else make(rng)
        yield HostileInput(_encode(text, rng), name, kind)


def hostile_feed(rng: random.Random) -> bytes:
    """RSS, Atom, JSON Feed, OPML or sitemap documents with hostile items and broken XML."""
    title = hostile_text(rng)[:200].replace("]]>", "")
    link = rng.choice(["http://example.org/a", "javascript:alert(1)", "//x", "", "ftp://x/",
                       "http://[::1]/", "http://" + "a" * 300 + ".org/", "\x00"])
    kind = rng.randrange(6)
    if kind == 0:
        doc = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
               + "".join(f"<item><title><![CDATA[{title}]]></title><link>{link}</link>"
                         f"<pubDate>{rng.choice(['Mon, 01 Jan 2024', 'hier', ''])}</pubDate>"
                         "</item>" for _ in range(rng.randint(0, 5)))
               + "</channel></rss>")
    elif kind == 1:
        doc = ("<feed xmlns='http://www.w3.org/2005/Atom'>"
               + "".join(f"<entry><title>{title}</title><link href='{link}'/></entry>"
                         for _ in range(rng.randint(0, 5))) + "</feed>")
    elif kind == 2:
        doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                          "items": [{"url": link, "title": title, "content_text": title}
                                    for _ in range(rng.randint(0, 5))]})
    elif kind == 3:
        doc = ("<opml><body>" + "".join(f"<outline xmlUrl='{link}' text='x'/>"
                                       for _ in range(rng.randint(0, 5))) + "</body></opml>")
    elif kind == 4:
        doc = ("<urlset>" + "".join(f"<url><loc>{link}</loc></url>"
                                   for _ in range(rng.randint(0, 5))) + "</urlset>")
    else:
        doc = "<" * rng.randint(1, 500) + "rss" + ">" * rng.randint(0, 5)
    return _encode(mutate_text(doc, rng, rng.randint(0, 4)), rng)
