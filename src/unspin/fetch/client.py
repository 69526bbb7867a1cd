"""A polite, safe HTTP client: robots.txt, per-host delay and concurrency, caps, retries.

Defaults, and why:

- redirects are followed here, one hop at a time, so that every hop's address is
  checked (:mod:`unspin.fetch.safety`) and obeys robots.txt;
- the checked address is the one connected to (the name is not resolved twice);
- bodies are read in chunks and decompressed here with a cap, so neither a huge page nor
  a gzip bomb fills the memory; a total deadline stops a server that drips bytes;
- only timeouts, connection errors and HTTP 5xx are retried, with exponential back-off;
- one request at a time per host, at least ``delay`` seconds apart (more when robots.txt
  asks for a Crawl-delay, up to a minute).
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from .decompress import BoundedDecoder, TooLarge
from .errors import FetchError
from .safety import ALLOW_HINT, Target, resolve

log = logging.getLogger(__name__)

USER_AGENT = (f"unspin/{__version__} (news analysis for fact-checkers; "
              f"+https://example.org/unspin; contact: unspin@example.org)")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_CRAWL_DELAY = 60.0


@dataclass
class FetchSettings:
    """Every knob of the fetcher in one object (the CLI fills it from its options)."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0          # seconds to connect, and between two bytes received
    deadline: float = 60.0         # seconds for a whole response
    max_bytes: int = 5_000_000     # per response, after decompression
    retries: int = 2               # extra attempts after a timeout or an HTTP 5xx
    backoff: float = 1.0           # seconds before the first retry, doubled each time
    delay: float = 1.0             # seconds between two requests to one host
    per_host: int = 1              # requests in flight per host
    workers: int = 4               # requests in flight overall (see sources.py)
    max_redirects: int = 5
    allow_private: bool = False
    obey_robots: bool = True
    ca_file: str | None = None     # extra CA certificates (PEM), e.g. a newsroom proxy's


@dataclass
class Response:
    """A fetched response: the final URL after redirects, status, headers and body."""

    url: str
    requested_url: str
    status: int
    headers: dict[str, str]
    content: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        message = Message()
        message["content-type"] = self.headers.get("content-type", "")
        value = message.get_param("charset")
        return str(value).strip().lower() if isinstance(value, str) and value.strip() else None


class _Retry(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _HostGate:
    """One host's politeness: a semaphore for concurrency, the time of the next request."""

    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    delay: float = 0.0


class Fetcher:
    """Fetch URLs safely and politely; thread-safe, one per run (use it as a context)."""

    def __init__(self, settings: FetchSettings | None = None,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        tls = ssl.create_default_context()
        if self.settings.ca_file:
            tls.load_verify_locations(cafile=self.settings.ca_file)
        self._client = httpx.Client(
            transport=transport, follow_redirects=False, trust_env=False, verify=tls,
            timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.settings.user_agent,
                     "Accept-Encoding": "gzip, deflate"})
        self._sleep = sleep
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.requests = 0  # sent, robots.txt included (tests and logs read it)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:  # noqa: PYI034 - not subclassed
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public --------------------------------------------------------------------------

    def get(self, url: str, kind: str = "page", headers: dict[str, str] | None = None,
            accept: str = "*/*") -> Response:
        """GET ``url`` following redirects; a 304 answer is returned, any other error raised.

        Raises FetchError (``URL: reason``) for a refused address, robots.txt, an HTTP
        error status, a response over the size cap, or a network failure after retries.
        """
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                return self._follow(url, kind, dict(headers or {}, Accept=accept))
            except _Retry as exc:
                if attempt + 1 == attempts:
                    raise FetchError(url, f"{exc.reason} (after {attempts} attempts)", kind,
                                     retryable=True) from None
                wait = self.settings.backoff * 2 ** attempt
                log.info("%s: %s; retrying in %.1f s", url, exc.reason, wait)
                self._sleep(wait)
        raise AssertionError("unreachable")

    # -- one attempt: follow redirects -----------------------------------------------------

    def _follow(self, url: str, kind: str, headers: dict[str, str]) -> Response:
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            target = resolve(current, self.settings.allow_private, kind)
            if self.settings.obey_robots and kind != "robots":
                self._check_robots(target, url, kind)
            response = self._request(target, headers)
            location = response.headers.get("location")
            if response.status in _REDIRECTS and location:
                following = urljoin(current, location.strip())
                log.debug("%s redirects to %s", current, following)
                if following != url:
                    try:
                        resolve(following, self.settings.allow_private, kind)
                    except FetchError as exc:
                        raise FetchError(url, f"redirected to {following}, {exc.reason}",
                                         kind) from None
                current = following
                continue
            response.requested_url = url
            if response.status >= 500:
                raise _Retry(f"HTTP {response.status} {_phrase(response.status)}")
            if response.status >= 400 or (response.status >= 300 and response.status != 304):
                raise FetchError(url, f"HTTP {response.status} {_phrase(response.status)}", kind)
            return response
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects", kind)

    def _request(self, target: Target, headers: dict[str, str]) -> Response:
        parts = urlsplit(target.url)
        address = (f"[{target.address}]" if target.address.version == 6
                   else str(target.address))
        pinned = urlunsplit((parts.scheme, f"{address}:{target.port}", parts.path or "/",
                             parts.query, ""))
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        request = self._client.build_request(
            "GET", pinned, headers=dict(headers, Host=target.host_header),
            extensions=extensions)
        gate = self._gate(target.host)
        with gate.slots:
            self._wait_turn(gate)
            with self._lock:
                self.requests += 1
            try:
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException:
                raise _Retry(f"timed out after {self.settings.timeout:g} s") from None
            except httpx.TransportError as exc:
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                    # Not transient: retrying would only repeat the same refusal.
                    raise FetchError(target.url, f"TLS certificate not valid for "
                                                 f"{target.host} ({exc})") from None
                raise _Retry(f"connection failed ({type(exc).__name__}: {exc})") from None
            try:
                return self._read(response, target)
            finally:
                response.close()

    def _read(self, response: httpx.Response, target: Target) -> Response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        result = Response(url=target.url, requested_url=target.url,
                          status=response.status_code, headers=headers)
        if response.status_code // 100 != 2:
            return result  # the body of an error, a redirect or a 304 is not needed
        cap = self.settings.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(target.url, f"too large: {int(declared):,} bytes, over the "
                             f"{cap:,}-byte limit (--max-bytes)")
        try:
            decoder = BoundedDecoder(headers.get("content-encoding", ""), cap)
        except ValueError as exc:
            raise FetchError(target.url, str(exc)) from None
        deadline = time.monotonic() + self.settings.deadline
        body = bytearray()
        raw = 0
        try:
            for chunk in response.iter_raw(16384):
                raw += len(chunk)
                if raw > cap:
                    raise TooLarge(f"over the {cap:,}-byte limit")
                body += decoder.feed(chunk)
                if time.monotonic() > deadline:
                    raise _Retry(f"response not complete after {self.settings.deadline:g} s")
        except TooLarge as exc:
            raise FetchError(target.url, f"too large: {exc} (--max-bytes)") from None
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {self.settings.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise _Retry(f"connection broken ({type(exc).__name__})") from None
        except Exception as exc:  # zlib.error on a corrupt body
            if isinstance(exc, (_Retry, FetchError)):
                raise
            raise FetchError(target.url, f"corrupt compressed body ({exc})") from None
        result.content = bytes(body)
        return result

    # -- politeness ------------------------------------------------------------------------

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(threading.Semaphore(self.settings.per_host),
                                 delay=self.settings.delay)
                self._gates[host] = gate
            return gate

    def _wait_turn(self, gate: _HostGate) -> None:
        with gate.lock:
            now = time.monotonic()
            wait = gate.next_at - now
            gate.next_at = max(now, gate.next_at) + gate.delay
        if wait > 0:
            self._sleep(wait)

    def _check_robots(self, target: Target, url: str, kind: str) -> None:
        key = f"{target.scheme}://{target.host_header}"
        with self._lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # one robots.txt fetch per host, even with several workers
            robots = self._robots.get(key)
            if robots is None:
                robots = self._fetch_robots(key, target.host)
                self._robots[key] = robots
        if not robots.rules.can_fetch(self.settings.user_agent, target.url):
            where = "" if target.url == url else f" (redirect to {target.url})"
            raise FetchError(url, robots.problem or f"disallowed by robots.txt{where}", kind)

    def _fetch_robots(self, origin: str, host: str) -> _Robots:
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._follow(origin + "/robots.txt", "robots", {"Accept": "text/plain"})
        except FetchError as exc:
            if exc.reason.startswith("refused address"):
                raise
            # 4xx: no robots.txt, everything allowed (as urllib.robotparser does), except
            # 401/403, which forbid everything.
            forbidden = exc.reason.startswith(("HTTP 401", "HTTP 403"))
            rules.parse(["User-agent: *", "Disallow: /"] if forbidden else [])
            return _Robots(rules, f"robots.txt answers {exc.reason}" if forbidden else "")
        except _Retry as exc:
            # A site whose robots.txt cannot be read is not crawled this run (as search
            # engines do for a 5xx): politeness errs on the side of the site.
            log.warning("%s/robots.txt: %s; not fetching from %s this run", origin,
                        exc.reason, host)
            rules.parse(["User-agent: *", "Disallow: /"])
            return _Robots(rules, f"robots.txt could not be read ({exc.reason}), so the site "
                                  f"is not fetched this run")
        text = response.content.decode("utf-8", errors="replace")
        rules.parse(text.splitlines())
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay is not None:
            gate = self._gate(host)
            gate.delay = max(gate.delay, min(float(delay), MAX_CRAWL_DELAY))
        return _Robots(rules, "")


@dataclass
class _Robots:
    rules: RobotFileParser
    problem: str  # why everything is refused, when robots.txt was not read as rules


def _phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


__all__ = ["ALLOW_HINT", "USER_AGENT", "FetchError", "FetchSettings", "Fetcher", "Response"]
