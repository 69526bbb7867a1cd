"""Which URLs may be fetched: http(s) only, and public addresses only unless allowed.

A page can name any host, and a redirect can point anywhere: a fetcher run on a
newsroom's laptop or server must not be steered into its private network (the router's
admin page, a cloud metadata endpoint at 169.254.169.254, a database on localhost). So the
host is resolved here, every address it resolves to is checked, and the caller connects
to the checked address itself (never resolving the name a second time, which a DNS
rebinding attack would answer differently).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from .errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOW_HINT = "pass --allow-private to fetch from private networks"


@dataclass(frozen=True)
class Target:
    """A URL checked for fetching: its parts, and the address to connect to."""

    url: str
    scheme: str
    host: str          # as written in the URL, lower case, without brackets
    port: int
    address: IPAddress

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def split_url(url: str, kind: str = "page") -> SplitResult:
    """The parts of ``url``; FetchError unless it is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({exc})", kind) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs are fetched, not "
                              f"{parts.scheme or 'a URL without scheme'}", kind)
    if not parts.hostname:
        raise FetchError(url, "the URL has no host name", kind)
    return parts


def address_problem(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_problem(address.ipv4_mapped)
    for test, name in ((address.is_loopback, "loopback"), (address.is_link_local, "link-local"),
                       (address.is_multicast, "multicast"), (address.is_unspecified,
                                                             "unspecified"),
                       (address.is_private, "private"), (address.is_reserved, "reserved")):
        if test:
            return name
    if not address.is_global:
        return "non-public"
    return None


def resolve(url: str, allow_private: bool, kind: str = "page") -> Target:
    """Check ``url`` and resolve its host to the address to connect to.

    Every address the name resolves to must be public (unless ``allow_private``): a name
    with one public and one private address is refused, since either may be used.
    """
    parts = split_url(url, kind)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(url, f"DNS lookup of {host} failed ({exc}); check the host name",
                             kind) from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0])
                                       for info in infos))
        if not addresses:
            raise FetchError(url, f"DNS lookup of {host} returned no address", kind)
    if not allow_private:
        for address in addresses:
            problem = address_problem(address)
            if problem is not None:
                named = (f"{host} is a {problem} address" if literal is not None
                         else f"{host} resolves to {address}, a {problem} address")
                raise FetchError(url, f"refused address: {named}; {ALLOW_HINT}", kind)
    return Target(url=url, scheme=parts.scheme, host=host, port=port, address=addresses[0])
