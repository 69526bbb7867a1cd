"""The HTTP client: address safety, robots.txt, redirects, caps, retries, charsets.

Every request goes to a server on 127.0.0.1 started here (tests/newsserver.py); names
that must look public are resolved by a patched ``getaddrinfo``, never by real DNS.
"""

from __future__ import annotations

import gzip
import ipaddress
import re
import socket
import ssl
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from newsserver import NewsServer, article_page, gzip_bomb, make_story, slow_handler
from unspin.fetch import safety
from unspin.fetch.client import Fetcher, FetchSettings
from unspin.fetch.decompress import BoundedDecoder, TooLarge
from unspin.fetch.errors import FetchError
from unspin.fetch.pages import page_article
from unspin.fetch.safety import address_problem, resolve


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with NewsServer() as srv:
        yield srv


def local(**overrides: Any) -> FetchSettings:
    """Settings for the local server: private addresses allowed, no waiting."""
    values: dict[str, Any] = {"allow_private": True, "delay": 0.0, "backoff": 0.0,
                              "timeout": 2.0}
    values.update(overrides)
    return FetchSettings(**values)


def fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> None:
    """Resolve the given names to the given addresses; other names fail like NXDOMAIN.

    (``socket.getaddrinfo`` is patched for the whole process: the connection to an
    address literal still goes through the real one.)
    """
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            ipaddress.ip_address(host)
            return real(host, port, *args, **kwargs)
        except ValueError:
            pass
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in names[host]]

    monkeypatch.setattr(safety.socket, "getaddrinfo", getaddrinfo)


# -- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"), ("::1", "loopback"), ("fe80::1", "link-local"),
    ("fc00::5", "private"), ("::ffff:127.0.0.1", "loopback"), ("240.0.0.1", "private"),
    ("100.64.0.1", "non-public"), ("8.8.8.8", None), ("2a00:1450:4007:80e::200e", None),
])
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "only http and https"), ("ftp://example.org/a", "only http and https"),
    ("gopher://example.org/", "only http and https"), ("http://", "no host"),
    ("http://example.org:99999/", "not a valid URL"),
])
def test_only_http_urls_are_fetched(url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        resolve(url, allow_private=True)


def test_names_resolving_to_private_addresses_are_refused(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    fake_dns(monkeypatch, {"intranet.example": ["10.0.0.5"],
                           "mixed.example": ["93.184.216.34", "192.168.1.1"],
                           "news.example": ["93.184.216.34"]})
    with pytest.raises(FetchError, match=r"intranet.example resolves to 10.0.0.5, a private "
                                         r"address; pass --allow-private"):
        resolve("http://intranet.example/", allow_private=False)
    # One private address among public ones is enough: the connection may use either.
    with pytest.raises(FetchError, match="192.168.1.1"):
        resolve("https://mixed.example/a", allow_private=False)
    target = resolve("https://news.example/a", allow_private=False)
    assert str(target.address) == "93.184.216.34" and target.port == 443
    assert str(resolve("http://intranet.example/", allow_private=True).address) == "10.0.0.5"


def test_dns_failure_is_one_clear_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {})
    with pytest.raises(FetchError) as caught:
        resolve("http://no-such-outlet.invalid/page", allow_private=False)
    assert str(caught.value).startswith("http://no-such-outlet.invalid/page: DNS lookup of "
                                        "no-such-outlet.invalid failed")


def test_loopback_is_refused_without_allow_private(server: NewsServer) -> None:
    server.add("/articles/a.html", article_page(make_story(1), "Le Courrier du Nord"))
    with Fetcher(local(allow_private=False)) as fetcher, pytest.raises(
            FetchError, match="127.0.0.1 is a loopback address; pass --allow-private"):
        fetcher.get(server.base + "/articles/a.html")
    assert server.hits["/articles/a.html"] == 0  # refused before connecting


def test_redirect_to_a_private_address_is_refused(server: NewsServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # "news.example" passes as public but is served by the local server; it redirects
    # to 127.0.0.1, which must be refused before any connection is made to it.
    real_resolve = safety.resolve

    def resolve_news_example(url: str, allow_private: bool, kind: str = "page") -> Any:
        if "//news.example" in url:
            target = real_resolve(url.replace("news.example", "127.0.0.1"), True, kind)
            return safety.Target(url, target.scheme, "news.example", target.port,
                                 target.address)
        return real_resolve(url, allow_private, kind)

    monkeypatch.setattr("unspin.fetch.client.resolve", resolve_news_example)
    server.add("/articles/a.html", article_page(make_story(2), "Le Courrier du Nord"))
    server.redirect("/go", server.base + "/articles/a.html")
    with Fetcher(local(allow_private=False)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://news.example:{server.port}/go")
    assert str(caught.value) == (
        f"http://news.example:{server.port}/go: redirected to {server.base}/articles/a.html, "
        f"refused address: 127.0.0.1 is a loopback address; pass --allow-private to fetch "
        f"from private networks")
    assert server.hits["/go"] == 1 and server.hits["/articles/a.html"] == 0


# -- redirects, robots.txt, user agent ---------------------------------------------------------


def test_redirects_are_followed_hop_by_hop(server: NewsServer) -> None:
    server.add("/articles/final.html", article_page(make_story(3), "Le Courrier du Nord"))
    server.redirect("/r1", "/r2", 301)
    server.redirect("/r2", server.base + "/articles/final.html", 307)
    with Fetcher(local()) as fetcher:
        response = fetcher.get(server.base + "/r1")
    assert response.status == 200
    assert response.url == server.base + "/articles/final.html"
    assert response.requested_url == server.base + "/r1"


def test_redirect_loops_stop(server: NewsServer) -> None:
    server.redirect("/loop", "/loop")
    with Fetcher(local(max_redirects=3)) as fetcher, pytest.raises(FetchError,
                                                                   match="more than 3 redirects"):
        fetcher.get(server.base + "/loop")


def test_robots_txt_is_obeyed_and_read_once(server: NewsServer) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    server.add("/private/a.html", article_page(make_story(4), "Le Courrier du Nord"))
    server.add("/articles/b.html", article_page(make_story(5), "Le Courrier du Nord"))
    server.redirect("/articles/moved.html", "/private/a.html")
    with Fetcher(local()) as fetcher:
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            fetcher.get(server.base + "/private/a.html")
        with pytest.raises(FetchError, match=r"disallowed by robots.txt \(redirect to"):
            fetcher.get(server.base + "/articles/moved.html")
        assert fetcher.get(server.base + "/articles/b.html").status == 200
    assert server.hits["/private/a.html"] == 0
    assert server.hits["/robots.txt"] == 1
    assert all(agent.startswith("unspin/") and "contact" in agent
               for agent in server.user_agents)


def test_robots_txt_forbidding_unspin_by_name(server: NewsServer) -> None:
    server.add("/robots.txt", "User-agent: unspin\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
               "text/plain")
    server.add("/articles/a.html", article_page(make_story(6), "Le Courrier du Nord"))
    with Fetcher(local()) as fetcher, pytest.raises(FetchError, match="robots.txt"):
        fetcher.get(server.base + "/articles/a.html")


def test_crawl_delay_slows_requests_to_that_host(server: NewsServer) -> None:
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 7\n", "text/plain")
    server.add("/articles/a.html", article_page(make_story(7), "Le Courrier du Nord"))
    waits: list[float] = []
    with Fetcher(local(), sleep=waits.append) as fetcher:
        fetcher.get(server.base + "/articles/a.html")
        fetcher.get(server.base + "/articles/a.html")
    assert waits and max(waits) > 6.0


# -- statuses, retries, timeouts ---------------------------------------------------------------


def test_http_errors_are_not_retried_but_5xx_are(server: NewsServer) -> None:
    server.add("/gone.html", "gone", status=404)
    server.add("/broken.html", "oops", status=500)
    waits: list[float] = []
    with Fetcher(local(retries=2, backoff=0.5), sleep=waits.append) as fetcher:
        with pytest.raises(FetchError, match=r"gone.html: HTTP 404 Not Found$"):
            fetcher.get(server.base + "/gone.html")
        with pytest.raises(FetchError, match=r"HTTP 500 Internal Server Error \(after 3 "
                                             r"attempts\)") as caught:
            fetcher.get(server.base + "/broken.html")
    assert caught.value.retryable
    assert server.hits["/gone.html"] == 1 and server.hits["/broken.html"] == 3
    assert waits == [0.5, 1.0]  # exponential back-off


def test_slow_server_times_out(server: NewsServer) -> None:
    server.handle("/slow.html", slow_handler(1.5))
    with Fetcher(local(timeout=0.3, retries=1)) as fetcher, pytest.raises(
            FetchError, match=r"timed out after 0.3 s \(after 2 attempts\)"):
        fetcher.get(server.base + "/slow.html")


def test_dripping_server_hits_the_deadline(server: NewsServer) -> None:
    def drip(request: BaseHTTPRequestHandler) -> None:
        import time

        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "10000000")
        request.end_headers()
        try:
            for _ in range(40):
                request.wfile.write(b"<p>" + b"x" * 20000)
                request.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    server.handle("/drip.html", drip)
    with Fetcher(local(deadline=0.5, retries=0, max_bytes=10_000_000)) as fetcher, \
            pytest.raises(FetchError, match="not complete after 0.5 s"):
        fetcher.get(server.base + "/drip.html")


# -- size caps, decompression ------------------------------------------------------------------


def test_declared_size_over_the_cap_is_refused(server: NewsServer) -> None:
    server.add("/huge.html", b"<p>" + b"a" * 300_000)
    with Fetcher(local(max_bytes=100_000)) as fetcher, pytest.raises(
            FetchError, match=r"too large: 300,003 bytes, over the 100,000-byte limit"):
        fetcher.get(server.base + "/huge.html")


def test_undeclared_size_over_the_cap_is_cut(server: NewsServer) -> None:
    def endless(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Connection", "close")
        request.end_headers()
        try:
            for _ in range(200):
                request.wfile.write(b"a" * 65536)
        except OSError:
            pass

    server.handle("/endless.html", endless)
    with Fetcher(local(max_bytes=200_000)) as fetcher, pytest.raises(FetchError,
                                                                     match="too large"):
        fetcher.get(server.base + "/endless.html")


def test_gzip_bomb_is_stopped_at_the_cap(server: NewsServer) -> None:
    bomb = gzip_bomb(50_000_000)
    assert len(bomb) < 100_000
    server.add("/bomb.html", bomb, **{"Content-Encoding": "gzip"})
    with Fetcher(local(max_bytes=1_000_000)) as fetcher, pytest.raises(
            FetchError, match="over 1,000,000 bytes once decompressed"):
        fetcher.get(server.base + "/bomb.html")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_pages_are_decoded(server: NewsServer, encoding: str) -> None:
    page = article_page(make_story(8), "Le Courrier du Nord").encode("utf-8")
    if encoding == "gzip":
        body = gzip.compress(page)
    elif encoding == "deflate":
        body = zlib.compress(page)
    else:
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = packer.compress(page) + packer.flush()
    server.add("/page.html", body, **{"Content-Encoding": encoding.replace("raw-", "")})
    with Fetcher(local()) as fetcher:
        assert fetcher.get(server.base + "/page.html").content == page


def test_bounded_decoder_never_returns_more_than_the_cap() -> None:
    decoder = BoundedDecoder("gzip", 1000)
    with pytest.raises(TooLarge):
        decoder.feed(gzip.compress(b"z" * 50_000))
    assert decoder.size <= 1001
    with pytest.raises(ValueError, match="unsupported Content-Encoding 'br'"):
        BoundedDecoder("br", 1000)


# -- pages: charsets, types --------------------------------------------------------------------


FRENCH_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>Crue de la Meuse</title>
<meta charset="{charset}"></head><body><article><h1>Crue de la Meuse</h1>
<p>Les pompiers ont évacué une quarantaine de riverains près de l'écluse de Sedan, où
l'eau a dépassé la cote d'alerte à l'aube.</p>
<p>« Nous surveillons la décrue heure par heure », a déclaré le sous-préfet.</p>
</article></body></html>"""


@pytest.mark.parametrize("header, declared, encoding", [
    ("text/html; charset=utf-8", "utf-8", "cp1252"),        # header lies: cp1252 bytes
    ("text/html; charset=iso-8859-1", "iso-8859-1", "utf-8"),  # stale declaration
    ("text/html", "windows-1252", "cp1252"),                   # only the page says it
    ("text/html; charset=nonsense", "utf-8", "utf-8"),          # unknown charset name
])
def test_wrong_charsets_still_give_the_right_text(server: NewsServer, header: str,
                                                   declared: str, encoding: str) -> None:
    server.add("/crue.html", FRENCH_PAGE.format(charset=declared).encode(encoding), header)
    with Fetcher(local()) as fetcher:
        article = page_article(fetcher.get(server.base + "/crue.html"))
    assert "évacué une quarantaine de riverains près de l'écluse" in article.text
    assert "« Nous surveillons la décrue heure par heure »" in article.text
    assert article.meta["url"] == server.base + "/crue.html"


@pytest.mark.parametrize("content_type, body, reason", [
    ("application/pdf", b"%PDF-1.7 ...", "not HTML (Content-Type application/pdf)"),
    ("image/png", b"\x89PNG\r\n", "not HTML (Content-Type image/png)"),
    ("text/html", b"<html><body><nav>Accueil</nav></body></html>", "no article text found"),
])
def test_pages_that_are_not_articles(server: NewsServer, content_type: str, body: bytes,
                                     reason: str) -> None:
    server.add("/thing", body, content_type)
    with Fetcher(local()) as fetcher:
        response = fetcher.get(server.base + "/thing")
    with pytest.raises(FetchError, match=re.escape(reason)):
        page_article(response)


def test_page_meta_comes_from_the_page_then_the_feed(server: NewsServer) -> None:
    story = make_story(9)
    server.add("/articles/p.html", article_page(story, "Le Courrier du Nord"))
    server.redirect("/p", "/articles/p.html")
    with Fetcher(local()) as fetcher:
        article = page_article(fetcher.get(server.base + "/p"),
                               {"feed": "http://feeds/rss", "title": "ignored: page has one"})
    assert article.meta["title"] == story.title
    assert article.meta["outlet"] == "Le Courrier du Nord"
    assert article.meta["author"] == story.author
    assert article.meta["published"] == story.published.date().isoformat()
    assert article.meta["url"] == server.base + "/p"
    assert article.meta["final_url"] == server.base + "/articles/p.html"
    assert article.meta["feed"] == "http://feeds/rss"
    assert article.text == story.text


def test_unreadable_robots_txt_means_the_site_is_left_alone(server: NewsServer) -> None:
    server.add("/robots.txt", "down", "text/plain", status=503)
    server.add("/articles/a.html", article_page(make_story(10), "Le Courrier du Nord"))
    with Fetcher(local(retries=0)) as fetcher, pytest.raises(
            FetchError, match=r"robots.txt could not be read \(HTTP 503"):
        fetcher.get(server.base + "/articles/a.html")
    assert server.hits["/articles/a.html"] == 0


def test_missing_robots_txt_allows_everything(server: NewsServer) -> None:
    server.add("/articles/a.html", article_page(make_story(11), "Le Courrier du Nord"))
    with Fetcher(local()) as fetcher:
        assert fetcher.get(server.base + "/articles/a.html").status == 200
    assert server.hits["/robots.txt"] == 1


def test_one_request_at_a_time_per_host_with_several_workers(server: NewsServer) -> None:
    from unspin.fetch.sources import WebReader

    in_flight = {"now": 0, "most": 0}
    lock = threading.Lock()
    page = article_page(make_story(12), "Le Courrier du Nord").encode("utf-8")

    def counted(request: BaseHTTPRequestHandler) -> None:
        import time

        with lock:
            in_flight["now"] += 1
            in_flight["most"] = max(in_flight["most"], in_flight["now"])
        time.sleep(0.05)
        with lock:
            in_flight["now"] -= 1
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(page)))
        request.end_headers()
        request.wfile.write(page)

    urls = [f"{server.base}/articles/{n}.html" for n in range(8)]
    for n in range(8):
        server.handle(f"/articles/{n}.html", counted)
    with Fetcher(local(workers=4)) as fetcher:
        results = list(WebReader(fetcher).read(urls=urls))
    assert len(results) == 8 and not any(isinstance(r, FetchError) for r in results)
    assert in_flight["most"] == 1
    # The same pages with two requests allowed per host: the workers do overlap.
    in_flight["most"] = 0
    with Fetcher(local(workers=4, per_host=2)) as fetcher:
        list(WebReader(fetcher).read(urls=urls))
    assert in_flight["most"] == 2


# -- https: the pinned address is verified against the host name --------------------------------


def _certificates(tmp_path: Path, name: str) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for ``name`` signed by it (PEM files)."""
    crypto = pytest.importorskip("cryptography")
    del crypto
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def certificate(subject: str, key: Any, issuer: str, issuer_key: Any, ca: bool) -> Any:
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        else:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate("unspin test CA", ca_key, "unspin test CA", ca_key, True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = certificate(name, key, "unspin test CA", ca_key, False)
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_file, cert_file, key_file


@pytest.mark.parametrize("certified, ok", [("news.example", True), ("other.example", False)])
def test_https_is_verified_against_the_host_name_not_the_address(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, certified: str, ok: bool) -> None:
    ca_file, cert_file, key_file = _certificates(tmp_path, certified)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    fake_dns(monkeypatch, {"news.example": ["127.0.0.1"]})
    with NewsServer() as server:
        server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
        server.add("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        server.add("/articles/a.html", article_page(make_story(13), "Le Courrier du Nord"))
        url = f"https://news.example:{server.port}/articles/a.html"
        with Fetcher(local(ca_file=str(ca_file))) as fetcher:
            if ok:
                response = fetcher.get(url)
                assert response.status == 200 and b"Le Courrier du Nord" in response.content
            else:
                with pytest.raises(FetchError, match="TLS certificate not valid for "
                                                     "news.example"):
                    fetcher.get(url)
