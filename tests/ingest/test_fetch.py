"""The fetcher's limits: schemes, addresses (after DNS and on redirects), sizes, time, types,
conditional GET and politeness, against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from chorus.errors import FetchFailed, FetchRefused
from chorus.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetched, Fetcher, forbidden_address
from tests.ingest.conftest import RSS_HEADERS, FixtureServer, limits, rss

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "javascript:1"]
)
async def test_only_http_and_https_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchRefused, match="only http and https"):
        await Fetcher(limits()).fetch(url, PAGE_TYPES)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1", "fe80::1",
     "::ffff:127.0.0.1", "0.0.0.0", "fd00:ec2::254", "100.100.100.200"],
)  # fmt: skip
async def test_hosts_resolving_to_internal_addresses_are_refused(address: str) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", address]  # one bad address is enough to refuse

    fetcher = Fetcher(limits(allow_hosts=frozenset()), resolve=resolve)
    with pytest.raises(FetchRefused, match="resolves to a"):
        await fetcher.fetch("http://innocent.example/feed", FEED_TYPES)
    assert forbidden_address(address) is not None


async def test_metadata_hostnames_are_refused_without_resolving() -> None:
    with pytest.raises(FetchRefused, match="metadata"):
        await Fetcher(limits()).fetch("http://metadata.google.internal/x", FEED_TYPES)


async def test_the_local_server_is_refused_unless_allowed(server: FixtureServer) -> None:
    server.routes["/feed"] = (200, RSS_HEADERS, rss([{"title": "t", "content": "x"}]))
    with pytest.raises(FetchRefused, match="loopback"):
        await Fetcher(limits(allow_hosts=frozenset())).fetch(server.url("/feed"), FEED_TYPES)
    got = await Fetcher(limits()).fetch(server.url("/feed"), FEED_TYPES)
    assert got.status == 200 and b"<rss" in got.body


async def test_a_redirect_to_a_metadata_address_is_refused(server: FixtureServer) -> None:
    server.routes["/r"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    with pytest.raises(FetchRefused, match="link-local"):
        await Fetcher(limits()).fetch(server.url("/r"), FEED_TYPES)
    assert [p for p, _ in server.requests] == ["/r"]  # the metadata address was never asked


async def test_redirects_are_followed_up_to_the_cap(server: FixtureServer) -> None:
    server.routes["/a"] = (301, {"Location": "/b"}, b"")
    server.routes["/b"] = (200, HTML, b"<html><body>ok</body></html>")
    server.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    got = await Fetcher(limits()).fetch(server.url("/a"), PAGE_TYPES)
    assert got.url.endswith("/b") and got.body.endswith(b"</html>")
    with pytest.raises(FetchFailed, match="more than 3 redirects"):
        await Fetcher(limits()).fetch(server.url("/loop"), PAGE_TYPES)


async def test_bodies_over_the_byte_cap_stop_even_when_gzipped(server: FixtureServer) -> None:
    big = b"<html>" + b"a" * 300_000 + b"</html>"
    server.routes["/big"] = (200, HTML, big)
    bomb = gzip.compress(b"<html>" + b"\0" * 5_000_000)  # ~5 KB on the wire
    server.routes["/bomb"] = (200, {**HTML, "Content-Encoding": "gzip"}, bomb)
    for path in ("/big", "/bomb"):
        with pytest.raises(FetchFailed, match="cap"):
            await Fetcher(limits()).fetch(server.url(path), PAGE_TYPES)


async def test_unexpected_content_types_are_refused(server: FixtureServer) -> None:
    server.routes["/exe"] = (200, {"Content-Type": "application/octet-stream"}, b"MZ")
    with pytest.raises(FetchFailed, match="content type"):
        await Fetcher(limits()).fetch(server.url("/exe"), PAGE_TYPES)


async def test_a_server_that_hangs_times_out(server: FixtureServer) -> None:
    server.routes["/slow"] = (200, {**HTML, "X-Hang": "1"}, b"<html></html>")
    with pytest.raises(FetchFailed, match="timed out"):
        await Fetcher(limits(timeout_s=0.3)).fetch(server.url("/slow"), PAGE_TYPES)
    server.release.set()


async def test_waiting_behind_a_slow_fetch_to_the_same_host_does_not_use_up_the_timeout(
    server: FixtureServer,
) -> None:
    # Fetches to one host take turns; a feed queued behind one that hangs must still get
    # its own full timeout with the server, not fail as "timed out" unrequested.
    server.routes["/slow"] = (200, {**HTML, "X-Hang": "1"}, b"<html></html>")
    server.routes["/fast"] = (200, HTML, b"<html>fast</html>")
    fetcher = Fetcher(limits(timeout_s=0.5))
    slow, fast = await asyncio.gather(
        fetcher.fetch(server.url("/slow"), PAGE_TYPES),
        fetcher.fetch(server.url("/fast"), PAGE_TYPES),
        return_exceptions=True,
    )
    server.release.set()
    assert isinstance(slow, FetchFailed) and "timed out" in slow.detail
    assert isinstance(fast, Fetched) and fast.body == b"<html>fast</html>"


async def test_a_port_out_of_range_is_refused_even_on_an_allowed_host() -> None:
    with pytest.raises(FetchRefused, match="invalid port"):
        await Fetcher(limits()).fetch("http://127.0.0.1:99999/x", PAGE_TYPES)


async def test_conditional_get_sends_the_etag_and_reads_304(server: FixtureServer) -> None:
    def feed(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if headers.get("if-none-match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {**RSS_HEADERS, "ETag": '"v1"', "Last-Modified": "Mon, 30 Nov 2026"}, b"<rss/>"

    server.routes["/feed"] = feed
    fetcher = Fetcher(limits())
    first = await fetcher.fetch(server.url("/feed"), FEED_TYPES)
    again = await fetcher.fetch(server.url("/feed"), FEED_TYPES, etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and again.body == b""


async def test_requests_to_one_host_are_spaced(server: FixtureServer) -> None:
    server.routes["/p"] = (200, HTML, b"<html></html>")
    now = [100.0]
    waits: list[float] = []

    async def sleep(s: float) -> None:
        waits.append(s)
        now[0] += s

    fetcher = Fetcher(limits(host_interval_s=2.0), clock=lambda: now[0], sleep=sleep)
    await fetcher.fetch(server.url("/p"), PAGE_TYPES)
    now[0] += 0.5
    await fetcher.fetch(server.url("/p"), PAGE_TYPES)
    assert waits == [pytest.approx(1.5)]
