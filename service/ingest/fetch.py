"""The one fetcher every feed and page request goes through, with its limits.

- only http and https;
- the host is resolved first and every address checked: loopback, private, link-local (which
  holds the cloud metadata address 169.254.169.254), multicast, reserved and unspecified
  addresses are refused unless the host is in CHORUS_FETCH_ALLOW_HOSTS; the same check runs on
  every redirect, which is followed by hand (at most `max_redirects`);
- the whole fetch (redirects included) has one deadline; the body is streamed and stops at
  `max_bytes` counted after decompression (a gzip bomb stops there too);
- the content type must be one the caller accepts;
- conditional GET: pass the ETag / Last-Modified seen last time; a 304 says "not modified";
- politeness: requests to one host are spaced by at least `host_interval_s`.

Known limit: the address is checked on our resolution, and the HTTP client resolves again when
it connects (a DNS-rebinding host could answer differently the second time).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from chorus.errors import FetchFailed, FetchRefused

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml")
_METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}

Resolver = Callable[[str, int], Awaitable[list[str]]]


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    host_interval_s: float = 1.0
    allow_hosts: frozenset[str] = frozenset()
    user_agent: str = "ChorusBot/0.1"


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def forbidden_address(address: str) -> str | None:
    """Why this address may not be fetched, or None."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("loopback", ip.is_loopback),
        ("link-local (metadata)", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
    )
    for name, hit in checks:
        if hit:
            return name
    if str(ip) in ("100.100.100.200", "fd00:ec2::254"):  # Alibaba / AWS IPv6 metadata
        return "metadata"
    return None


@dataclass
class Fetcher:
    limits: FetchLimits = field(default_factory=FetchLimits)
    client: httpx.AsyncClient | None = None
    resolve: Resolver = system_resolve
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._own = self.client is None
        if self.client is None:
            self.client = httpx.AsyncClient(follow_redirects=False, trust_env=False)

    async def aclose(self) -> None:
        if self._own and self.client is not None:
            await self.client.aclose()

    async def check_url(self, url: str) -> None:
        """Raise FetchRefused unless `url` is http(s) to a host we may reach."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(f"only http and https URLs are fetched, not {parts.scheme!r}")
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            raise FetchRefused("the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchRefused("the URL has an invalid port") from None
        if host in self.limits.allow_hosts:
            return
        if host in _METADATA_HOSTS:
            raise FetchRefused(f"{host} is a cloud metadata host")
        try:
            addresses = await self.resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchFailed(f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise FetchFailed(f"cannot resolve {host}")
        for address in addresses:
            why = forbidden_address(address)
            if why is not None and address not in self.limits.allow_hosts:
                raise FetchRefused(
                    f"{host} resolves to a {why} address; such hosts are fetched only when "
                    "listed in the allowed hosts setting"
                )

    async def _polite(self, host: str) -> None:
        gap = self.limits.host_interval_s
        last = self._last.get(host)
        if last is not None and gap > 0:
            wait = last + gap - self.clock()
            if wait > 0:
                await self.sleep(wait)
        self._last[host] = self.clock()

    async def fetch(
        self,
        url: str,
        accept: Iterable[str],
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched:
        """GET `url` within the limits; FetchRefused / FetchFailed say what went wrong."""
        try:
            async with asyncio.timeout(self.limits.timeout_s) as deadline:
                return await self._fetch(url, tuple(accept), etag, last_modified, deadline)
        except TimeoutError:
            raise FetchFailed(f"timed out after {self.limits.timeout_s:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchFailed(f"network error: {type(exc).__name__}") from None

    async def _fetch(
        self,
        url: str,
        accept: tuple[str, ...],
        etag: str | None,
        last_modified: str | None,
        deadline: asyncio.Timeout,
    ) -> Fetched:
        assert self.client is not None
        headers = {
            "User-Agent": self.limits.user_agent,
            "Accept": ", ".join(accept) + ", */*;q=0.1",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(self.limits.max_redirects + 1):
            await self.check_url(url)
            host = (urlsplit(url).hostname or "").lower()
            lock = self._locks.setdefault(host, asyncio.Lock())
            # Time queued behind other fetches to this host (and its politeness gap) is not
            # time with the server: the deadline stops while we wait our turn.
            loop = asyncio.get_running_loop()
            left = (deadline.when() or loop.time()) - loop.time()
            deadline.reschedule(None)
            async with lock:
                await self._polite(host)
                deadline.reschedule(loop.time() + left)
                async with self.client.stream("GET", url, headers=headers) as response:
                    if response.status_code in (301, 302, 303, 307, 308):
                        location = response.headers.get("location")
                        if not location:
                            raise FetchFailed(f"HTTP {response.status_code} without a Location")
                        url = urljoin(url, location)
                        continue
                    return await self._read(url, response, accept)
        raise FetchFailed(f"more than {self.limits.max_redirects} redirects")

    async def _read(self, url: str, response: httpx.Response, accept: tuple[str, ...]) -> Fetched:
        meta = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
        }
        if response.status_code == 304:
            return Fetched(url=url, status=304, content_type="", body=b"", **meta)
        if response.status_code >= 400:
            raise FetchFailed(f"HTTP {response.status_code}")
        ctype = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype not in accept:
            raise FetchFailed(f"unexpected content type {ctype or '(none)'!r}")
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.limits.max_bytes:
            raise FetchFailed(f"body of {declared} bytes is over the {self.limits.max_bytes} cap")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():  # decompressed
            size += len(chunk)
            if size > self.limits.max_bytes:
                raise FetchFailed(f"body is over the {self.limits.max_bytes}-byte cap")
            chunks.append(chunk)
        return Fetched(
            url=url, status=response.status_code, content_type=ctype, body=b"".join(chunks), **meta
        )


__all__ = [
    "FEED_TYPES",
    "PAGE_TYPES",
    "FetchLimits",
    "Fetched",
    "Fetcher",
    "forbidden_address",
    "system_resolve",
]
