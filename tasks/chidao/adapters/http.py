"""Fetching feeds and article pages politely and defensively.

One :class:`Fetcher` owns one ``httpx.AsyncClient`` (connection pooling) and a
private event loop on a background thread, so its synchronous entry points
work the same from a plain script, a worker thread or code that already runs
an event loop.  Every request:

* has a TOTAL deadline (a server trickling bytes for 20 s is cut at the
  timeout), a connect deadline and a body size limit (streamed, aborted past
  the limit, also after gzip decoding);
* follows redirects by hand so each hop is checked: only http(s), no hop from
  a public host to a private/loopback/link-local address, optionally only the
  URL's own site plus ``allow_hosts``;
* sends the stored validators (``If-None-Match``/``If-Modified-Since``);
* is limited per host and globally by semaphores;
* never raises: a failure is a :class:`FetchResult` whose ``error`` is a
  sentence a person understands.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

HostResolver = Callable[[str], Awaitable[Sequence[str]]]
"""Async function returning the IP addresses a host name resolves to."""

_T = TypeVar("_T")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_AGE_RE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.7, */*;q=0.1"
)


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch; ``etag``/``last_modified`` are the validators stored
    from the previous fetch.  ``allow_hosts`` (for article pages): when set,
    redirects may only lead to the URL's own site or to these hosts."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    allow_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchResult:
    """Outcome of one request; ``error`` is None exactly when it succeeded.

    On 304 ``not_modified`` is True, ``body`` None and the validators are the
    server's (or the request's when the 304 did not repeat them).
    ``retry_after_seconds`` comes from 429/503 responses, ``max_age_seconds``
    from ``Cache-Control`` of successful ones.
    """

    url: str
    final_url: str | None
    status: int | None
    body: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    retry_after_seconds: float | None
    max_age_seconds: int | None
    error: str | None
    elapsed_seconds: float

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class FetchLimits:
    """``timeout_seconds`` is the total per request (all hops and the whole
    body), not a per-read timeout."""

    timeout_seconds: float = 10.0
    connect_timeout_seconds: float = 5.0
    max_bytes: int = 5_000_000
    per_host: int = 2
    total: int = 10
    max_redirects: int = 5
    user_agent: str = "chidao/0.1 (+https://github.com/chidao/chidao)"


class _FetchFailed(Exception):
    """Internal: a request failed for the reason in ``args[0]``; carries what
    is known about the response so far."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass
class _Outcome:
    final_url: str
    status: int
    body: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    max_age_seconds: int | None


def _seconds_text(seconds: float) -> str:
    return f"{seconds:g}"


def human_size(byte_count: int) -> str:
    """``5_000_000`` -> ``"5 MB"``, ``1500`` -> ``"1.5 kB"``, ``900`` -> ``"900 bytes"``."""
    if byte_count >= 1_000_000:
        return f"{byte_count / 1_000_000:g} MB"
    if byte_count >= 1_000:
        return f"{byte_count / 1_000:g} kB"
    return f"{byte_count} bytes"


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: ``"120"`` -> 120.0; an HTTP date
    -> seconds until it (0 when past); garbage -> None."""
    if value is None:
        return None
    stripped = value.strip()
    if not stripped:
        return None
    if stripped.isdigit():
        return float(stripped)
    try:
        when = parsedate_to_datetime(stripped)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


def parse_max_age(cache_control: str | None) -> int | None:
    """``"public, max-age=600"`` -> 600; None when absent or ``no-store``/``no-cache``."""
    if not cache_control:
        return None
    lowered = cache_control.lower()
    if "no-store" in lowered or "no-cache" in lowered:
        return None
    match = _MAX_AGE_RE.search(cache_control)
    return int(match.group(1)) if match else None


# Cloud metadata services by name; their addresses are in the always-refused networks below.
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
        "metadata.platformequinix.com",
    }
)
# Refused even with CHIDAO_ALLOW_PRIVATE_HOSTS: link-local (cloud metadata at 169.254.169.254 and
# fe80::/10), Alibaba's metadata address and AWS's IPv6 metadata address.
_ALWAYS_REFUSED_NETWORKS = tuple(
    ipaddress.ip_network(net) for net in ("169.254.0.0/16", "fe80::/10", "100.100.100.200/32", "fd00:ec2::254/128")
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _parse_ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _is_private_ip(address: str) -> bool:
    ip = _parse_ip(address)
    if ip is None:
        return True
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified


def address_refusal(address: str, *, allow_private: bool) -> str | None:
    """Why chidao may not connect to ``address`` (an IP), or None.

    ``169.254.169.254`` -> "link-local or cloud-metadata address refused" (always);
    ``10.0.0.1`` -> "private address refused" unless ``allow_private``; ``93.184.215.14`` -> None.
    """
    ip = _parse_ip(address)
    if ip is None:
        return f"'{address}' is not an IP address"
    if any(ip.version == net.version and ip in net for net in _ALWAYS_REFUSED_NETWORKS):
        return "link-local or cloud-metadata address refused"
    if not allow_private and _is_private_ip(address):
        return "private address refused"
    return None


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port of a URL, the unit redirects and page links are compared by."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin | None:
        """``"https://WWW.Bao.vn/a"`` -> Origin('https', 'bao.vn', 443); None when not a valid http(s) URL."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        host = _site(parts.hostname or "")
        if scheme not in _DEFAULT_PORTS or not host:
            return None
        return cls(scheme, host, port if port is not None else _DEFAULT_PORTS[scheme])

    @classmethod
    def of_host(cls, entry: str) -> tuple[Origin, ...]:
        """An ``allow_hosts`` entry: ``"cdn.bao.vn"`` is that host on the default http and https ports,
        ``"cdn.bao.vn:8443"`` that host on port 8443 (either scheme)."""
        host, _, port = entry.strip().rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        host = _site(host)
        if port.isdigit():
            return (cls("http", host, int(port)), cls("https", host, int(port)))
        return (cls("http", host, 80), cls("https", host, 443))

    @property
    def default_port(self) -> bool:
        return self.port == _DEFAULT_PORTS[self.scheme]

    def within(self, allowed: Sequence[Origin], *, subdomains: bool = False) -> bool:
        """Same host and port as one of ``allowed`` (the scheme may differ when both use their default
        port, an http -> https upgrade); with ``subdomains``, "media.bao.vn" is within "bao.vn"."""
        for other in allowed:
            same_host = self.host == other.host or (subdomains and self.host.endswith("." + other.host))
            if not same_host:
                continue
            if (self.scheme, self.port) == (other.scheme, other.port):
                return True
            if self.port == _DEFAULT_PORTS[self.scheme] and other.port == _DEFAULT_PORTS[other.scheme]:
                return True
        return False


def fetch_refusal(
    url: str,
    addresses: Sequence[str],
    *,
    allow_private: bool,
    redirect_within: Sequence[Origin] | None = None,
) -> str | None:
    """Why ``url``, whose host resolved to ``addresses``, may not be fetched, or None. Pure.

    ``redirect_within`` is None for the first request; for a redirect hop it lists the origins the
    hop may reach (the request's own and its ``allow_hosts``), or is empty for "any public host".
    Always refused: schemes other than http(s), metadata host names, link-local and metadata
    addresses. Private addresses need ``allow_private``, and a redirect may reach one only within
    ``redirect_within`` (or the request's own origin).
    """
    prefix = "" if redirect_within is None else "redirect to "
    origin = Origin.of(url)
    if origin is None:
        scheme = url.strip().partition(":")[0].lower() if ":" in url else ""
        if scheme not in _DEFAULT_PORTS:
            return f"{prefix}unsupported URL scheme '{scheme or '(none)'}' refused"
        return f"invalid URL, no host: '{url}'"
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    if host in METADATA_HOSTS:
        return f"{prefix}cloud-metadata host '{host}' refused"
    if not addresses:
        return f"could not resolve host '{host}'"
    for address in addresses:
        refusal = address_refusal(address, allow_private=allow_private)
        if refusal is not None:
            return f"redirect to a {refusal}" if prefix else refusal
    if redirect_within:
        if not origin.within(redirect_within):
            shown = origin.host if origin.default_port else f"{origin.host}:{origin.port}"
            return f"redirect to host '{shown}' not allowed"
    elif redirect_within is not None and any(_is_private_ip(a) for a in addresses):
        return "redirect to a private address refused"
    return None


async def system_resolve_host(host: str) -> Sequence[str]:
    """Default :data:`HostResolver`: the system resolver via asyncio."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _hostname(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


class Fetcher:
    """Concurrent, bounded HTTP fetching; use as a context manager.

    ``allow_private=False`` refuses any URL or redirect hop that resolves to
    a private, loopback or link-local address.  ``allow_private=True`` lets
    such URLs be fetched (tests and the embedded default serve feeds from
    127.0.0.1) but still refuses a redirect from a public origin to a
    private address.  ``resolve_host`` replaces the system resolver used for
    these checks (tests; DNS pinning).
    """

    def __init__(
        self,
        limits: FetchLimits = FetchLimits(),
        *,
        allow_private: bool = False,
        resolve_host: HostResolver | None = None,
    ) -> None:
        self._limits = limits
        self._allow_private = allow_private
        self._resolve_host: HostResolver = resolve_host or system_resolve_host
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # One client (connection pool) per host name: connections go to the checked address, and httpx
        # pools by address, so one shared pool would hand a connection opened for one name (its TLS server
        # name and certificate check) to another name on the same address.
        self._clients: dict[tuple[str, str, int | None], httpx.AsyncClient] | None = None
        self._global_slots: asyncio.Semaphore | None = None
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._start_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        self._start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._start_lock:
            if self._loop is not None:
                return self._loop
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="chidao-fetcher", daemon=True)
            thread.start()
            self._loop = loop
            self._thread = thread
            self._clients = self._run_on(loop, self._open_pools())
            return loop

    @staticmethod
    def _run_on(loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result()

    async def _open_pools(self) -> dict[tuple[str, str, int | None], httpx.AsyncClient]:
        # Semaphores bind to the loop that first waits on them: a fetcher
        # restarted after close() gets fresh ones.
        self._global_slots = asyncio.Semaphore(self._limits.total)
        self._host_slots = {}
        return {}

    def _client_for(self, target: httpx.URL) -> httpx.AsyncClient:
        """The connection pool of ``target``'s scheme, host name and port (created on first use, in the loop)."""
        assert self._clients is not None
        key = (target.scheme, target.host.lower(), target.port)
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = self._new_client()
        return client

    def _new_client(self) -> httpx.AsyncClient:
        limits = self._limits
        return httpx.AsyncClient(
            timeout=httpx.Timeout(limits.timeout_seconds, connect=limits.connect_timeout_seconds),
            limits=httpx.Limits(max_connections=limits.total, max_keepalive_connections=limits.total),
            follow_redirects=False,
            # Proxies from the environment would turn loopback tests and
            # private-address checks into checks of the proxy.
            trust_env=False,
            headers={"User-Agent": limits.user_agent, "Accept": _ACCEPT},
        )

    def close(self) -> None:
        """Close the client and stop the loop thread; safe to call twice."""
        with self._start_lock:
            loop, thread, clients = self._loop, self._thread, self._clients
            self._loop = self._thread = self._clients = None
        if loop is None:
            return
        if clients:
            self._run_on(loop, _close_all(list(clients.values())))
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join()
        loop.close()

    def fetch_many(self, requests: Sequence[FetchRequest]) -> list[FetchResult]:
        """Fetch all ``requests`` concurrently; results in request order.

        At most ``limits.per_host`` requests run against one host and
        ``limits.total`` overall; waiting for a slot does not count against a
        request's timeout.  One failing URL never affects the others.
        """
        if not requests:
            return []
        loop = self._start()
        return self._run_on(loop, self._fetch_all(requests))

    def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one request (see :meth:`fetch_many`)."""
        return self.fetch_many([request])[0]

    async def _fetch_all(self, requests: Sequence[FetchRequest]) -> list[FetchResult]:
        return list(await asyncio.gather(*(self._fetch_guarded(request) for request in requests)))

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        host = _hostname(url)
        slot = self._host_slots.get(host)
        if slot is None:
            slot = self._host_slots[host] = asyncio.Semaphore(self._limits.per_host)
        return slot

    async def _fetch_guarded(self, request: FetchRequest) -> FetchResult:
        assert self._global_slots is not None
        # Host slot first, then the global one: a request waiting for a busy
        # host must not hold one of the global slots meanwhile.
        async with self._host_slot(request.url), self._global_slots:
            started = time.monotonic()
            try:
                async with asyncio.timeout(self._limits.timeout_seconds):
                    outcome = await self._fetch_chain(request)
            except _FetchFailed as failure:
                return self._failed(request, started, failure.reason, failure.status, failure.retry_after)
            except TimeoutError:
                reason = f"timed out after {_seconds_text(self._limits.timeout_seconds)} s"
                return self._failed(request, started, reason)
            except httpx.ConnectTimeout:
                reason = f"connection timed out after {_seconds_text(self._limits.connect_timeout_seconds)} s"
                return self._failed(request, started, reason)
            except httpx.TimeoutException:
                reason = f"timed out after {_seconds_text(self._limits.timeout_seconds)} s"
                return self._failed(request, started, reason)
            except httpx.ConnectError as error:
                return self._failed(request, started, _connect_error_text(error))
            except httpx.HTTPError as error:
                return self._failed(request, started, f"{type(error).__name__}: {error}")
            except Exception as error:  # one URL's surprise must not sink the batch
                return self._failed(request, started, f"unexpected {type(error).__name__}: {error}")
            return FetchResult(
                url=request.url,
                final_url=outcome.final_url,
                status=outcome.status,
                body=outcome.body,
                content_type=outcome.content_type,
                etag=outcome.etag,
                last_modified=outcome.last_modified,
                not_modified=outcome.not_modified,
                retry_after_seconds=None,
                max_age_seconds=outcome.max_age_seconds,
                error=None,
                elapsed_seconds=time.monotonic() - started,
            )

    @staticmethod
    def _failed(
        request: FetchRequest,
        started: float,
        reason: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> FetchResult:
        return FetchResult(
            url=request.url,
            final_url=None,
            status=status,
            body=None,
            content_type=None,
            etag=None,
            last_modified=None,
            not_modified=False,
            retry_after_seconds=retry_after,
            max_age_seconds=None,
            error=reason,
            elapsed_seconds=time.monotonic() - started,
        )

    async def _addresses(self, url: str) -> list[str]:
        """The IP addresses of ``url``'s host, resolved once per hop: the fetch connects to the first
        of them, the address that was checked, so a second DNS answer cannot rebind it."""
        host = (urlsplit(url.strip()).hostname or "").lower()
        if not host:
            return []
        if _parse_ip(host) is not None:
            return [host]
        try:
            return [str(address) for address in await self._resolve_host(host)]
        except OSError as error:
            raise _FetchFailed(f"could not resolve host '{host}'") from error

    def _redirect_origins(self, request: FetchRequest) -> tuple[Origin, ...]:
        """Where a redirect may lead: anywhere public (empty) unless the request names ``allow_hosts``
        or private hosts are allowed; then only the request's own origin and its ``allow_hosts``."""
        if not request.allow_hosts and not self._allow_private:
            return ()
        own = Origin.of(request.url)
        return (*((own,) if own else ()), *(o for host in request.allow_hosts for o in Origin.of_host(host)))

    async def _fetch_chain(self, request: FetchRequest) -> _Outcome:
        limits = self._limits
        url = request.url.strip()
        redirect_origins = self._redirect_origins(request)
        origin_public = False
        for hop in range(limits.max_redirects + 1):
            addresses = await self._addresses(url) if Origin.of(url) else []
            within = None if hop == 0 else redirect_origins
            refusal = fetch_refusal(url, addresses, allow_private=self._allow_private, redirect_within=within)
            if hop == 0:
                origin_public = bool(addresses) and not any(_is_private_ip(a) for a in addresses)
            elif refusal is None and origin_public and any(_is_private_ip(a) for a in addresses):
                # A public site must not bounce chidao into the private network, even one it may read.
                refusal = "redirect to a private address refused"
            if refusal is not None:
                raise _FetchFailed(refusal)
            async with self._pinned_stream(url, addresses[0], request) as response:
                status = response.status_code
                if status in _REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise _FetchFailed(f"HTTP {status} without a Location header", status=status)
                    url = urljoin(url, location.strip())
                    continue
                return await self._outcome(url, request, response)
        raise _FetchFailed(f"too many redirects (more than {limits.max_redirects})")

    def _pinned_stream(
        self, url: str, address: str, request: FetchRequest
    ) -> contextlib.AbstractAsyncContextManager[httpx.Response]:
        """GET ``url`` over a connection to ``address``; the Host header and the TLS server name (SNI
        and certificate check) stay the URL's host."""
        target = httpx.URL(url)
        headers = {"Host": target.netloc.decode("ascii")}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        client = self._client_for(target)
        return client.stream("GET", target.copy_with(host=address), headers=headers, extensions=extensions)

    async def _outcome(self, url: str, request: FetchRequest, response: httpx.Response) -> _Outcome:
        status = response.status_code
        if status == 304:
            return _Outcome(
                final_url=url,
                status=status,
                body=None,
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag") or request.etag,
                last_modified=response.headers.get("last-modified") or request.last_modified,
                not_modified=True,
                max_age_seconds=parse_max_age(response.headers.get("cache-control")),
            )
        if status >= 400 or status < 200:
            retry_after = parse_retry_after(response.headers.get("retry-after")) if status in (429, 503) else None
            raise _FetchFailed(f"HTTP {status}", status=status, retry_after=retry_after)
        body = await self._read_limited(response)
        return _Outcome(
            final_url=url,
            status=status,
            body=body,
            content_type=response.headers.get("content-type"),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=False,
            max_age_seconds=parse_max_age(response.headers.get("cache-control")),
        )

    async def _read_limited(self, response: httpx.Response) -> bytes:
        limit = self._limits.max_bytes
        too_large = f"response larger than {human_size(limit)}"
        declared_length = response.headers.get("content-length")
        if declared_length and declared_length.strip().isdigit() and int(declared_length) > limit:
            raise _FetchFailed(too_large, status=response.status_code)
        chunks: list[bytes] = []
        received = 0
        async for chunk in response.aiter_bytes():
            received += len(chunk)
            if received > limit:
                raise _FetchFailed(too_large, status=response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)


async def _close_all(clients: Sequence[httpx.AsyncClient]) -> None:
    await asyncio.gather(*(client.aclose() for client in clients))


def _connect_error_text(error: httpx.ConnectError) -> str:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "could not resolve host"
        cause = cause.__cause__ or cause.__context__
    text = str(error)
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename nor servname" in text.lower():
        return "could not resolve host"
    return f"connection failed: {text}" if text else "connection failed"
