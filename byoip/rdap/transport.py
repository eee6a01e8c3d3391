"""The real network: one HTTP GET with urllib that ends at its deadline, whatever the server does.

urllib's ``timeout`` applies to each socket operation, not to the request: a
server that sends its status line, a header or a chunk-size line a byte at a
time resets it with every byte and keeps a lookup running indefinitely, and
name resolution ignores it entirely.  Here every request is an ``_Exchange``
with one deadline:

* the host name is resolved in a helper thread that is waited for only until
  the deadline (``getaddrinfo`` can't be interrupted);
* every socket the exchange opens is registered, and a watchdog timer shuts
  them down when the deadline passes, which wakes any read blocked in the
  status line, headers, chunk sizes, body or the TLS handshake;
* ``UrllibFetcher.cancel()`` shuts them down at once (ctrl+c in the command
  line, quitting the app) and makes later requests fail immediately.

With ``public_only`` (a redirect hop), every address the host resolves to must
be public (``byoip.rdap.addresses``): a name that points at 169.254.169.254 is
refused at connect time, not only a literal address in the URL.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from typing import Any

from byoip.fetching import FetchError, Response, host_of
from byoip.rdap.addresses import why_not_public
from byoip.rdap.fetch import ACCEPT, MAX_BODY_BYTES, USER_AGENT
from byoip.text import clean_text


class _Expired(Exception):
    """The exchange passed its deadline or was cancelled (raised inside urllib)."""


class _Exchange:
    """One request's deadline, its open sockets, and the watchdog that shuts them."""

    def __init__(self, deadline: float, public_only: bool, cancelled: threading.Event) -> None:
        self.deadline = deadline
        self.public_only = public_only
        self.cancelled = cancelled
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self.shut)
        self._timer.daemon = True

    def __enter__(self) -> _Exchange:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            watchers, self._sockets = self._sockets, []
        for watcher in watchers:
            watcher.close()

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or self.cancelled.is_set():
            self.expired = True
            raise _Expired
        return left

    def watch(self, sock: socket.socket) -> None:
        """Keep a duplicate of ``sock`` to shut the connection down (also once TLS wraps it)."""
        watcher = sock.dup()
        with self._lock:
            self._sockets.append(watcher)
            late = self.expired or self.cancelled.is_set()
        if late:
            self.shut()

    def shut(self) -> None:
        """The deadline passed (or the fetcher was cancelled): wake every blocked read."""
        self.expired = True
        with self._lock:
            watchers = list(self._sockets)
        for watcher in watchers:
            with contextlib.suppress(OSError):  # already closed by the other side
                watcher.shutdown(socket.SHUT_RDWR)

    def resolve(self, host: str, port: int) -> list[Any]:
        """``getaddrinfo`` within the deadline, refusing non-public addresses for a redirect."""
        found: dict[str, Any] = {}

        def lookup() -> None:
            try:
                found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                found["error"] = exc

        resolver = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
        resolver.start()
        while resolver.is_alive():
            resolver.join(min(0.05, self.remaining()))
        self.remaining()
        if "error" in found:
            raise found["error"]
        infos = found.get("infos") or []
        if self.public_only:
            for *_, address in infos:
                ip = ipaddress.ip_address(address[0].split("%", 1)[0])
                reason = why_not_public(ip)
                if reason:
                    raise FetchError(
                        "refused_address",
                        f"{clean_text(host, 80)} resolves to {ip}, {reason}",
                    )
        return infos

    def connect(self, host: str, port: int) -> socket.socket:
        last: OSError | None = None
        for family, kind, proto, _name, address in self.resolve(host, port):
            sock = socket.socket(family, kind, proto)
            try:
                self.watch(sock)
                sock.settimeout(self.remaining())
                sock.connect(address)
                return sock
            except OSError as exc:
                sock.close()
                last = exc
        raise last or OSError(f"{host} has no address")


def _connection_classes(exchange: _Exchange) -> tuple[type, type]:
    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = exchange.connect(self.host, self.port)
            if self._tunnel_host:  # an HTTPS proxy tunnel
                self._tunnel()

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            Connection.connect(self)  # type: ignore[arg-type]
            server_name = self._tunnel_host or self.host
            self.sock.settimeout(exchange.remaining())
            self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
                self.sock, server_hostname=server_name
            )

    return Connection, SecureConnection


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # fetch_document follows redirects itself (same code for recorded answers,
    # loop detection, the address policy, one deadline), so urllib must hand 3xx back.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener(exchange: _Exchange) -> urllib.request.OpenerDirector:
    connection, secure = _connection_classes(exchange)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(secure, req, context=self._context)  # type: ignore[attr-defined]

    return urllib.request.build_opener(_NoRedirects(), Handler(), SecureHandler())


#: Every network fetcher alive in this process, for ``cancel_all`` (the app's quit).
_LIVE: weakref.WeakSet[UrllibFetcher] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def cancel_all() -> None:
    """Cancel every network fetcher of this process: the app is quitting.

    Its lookups run in thread workers that Python waits for at exit; without this, a
    server that dribbles its answer would keep the process alive after the window closed.
    """
    with _LIVE_LOCK:
        fetchers = list(_LIVE)
    for fetcher in fetchers:
        fetcher.cancel()


class UrllibFetcher:
    """The real network, with urllib (honours the usual proxy variables).

    ``cancel()`` ends every request in flight and refuses new ones: the command line
    calls it on ctrl+c, the app when it quits, so no thread outlives them.
    """

    cacheable = True
    #: fetch_document may ask for ``public_only`` on redirect hops.
    checks_addresses = True

    def __init__(self, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.max_bytes = max_bytes
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._exchanges: set[_Exchange] = set()
        with _LIVE_LOCK:
            _LIVE.add(self)

    def cancel(self) -> None:
        self._cancelled.set()
        with self._lock:
            exchanges = list(self._exchanges)
        for exchange in exchanges:
            exchange.shut()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def fetch(self, url: str, timeout: float, *, public_only: bool = False) -> Response:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            # urllib would also open file:// and ftp:// URLs: never for a registry.
            raise FetchError("unreachable", f"{clean_text(url, 80)} is not an http(s) URL")
        if self.cancelled:
            raise FetchError("cancelled", "the lookup was cancelled")
        exchange = _Exchange(time.monotonic() + timeout, public_only, self._cancelled)
        with self._lock:
            self._exchanges.add(exchange)
        try:
            with exchange:
                response = self._exchange(exchange, url)
                if exchange.expired:
                    # A shut socket reads as the end of the answer: it is cut, not complete.
                    raise _Expired
                return response
        except _Expired:
            raise self._expired(url) from None
        except FetchError:
            raise
        except Exception as exc:
            if exchange.expired:  # whatever urllib made of the shut socket
                raise self._expired(url) from None
            raise _fetch_error(url, exc) from exc
        finally:
            with self._lock:
                self._exchanges.discard(exchange)

    def _expired(self, url: str) -> FetchError:
        if self.cancelled:
            return FetchError("cancelled", "the lookup was cancelled")
        return FetchError("timeout", f"{host_of(url)} did not answer in time")

    def _exchange(self, exchange: _Exchange, url: str) -> Response:
        request = urllib.request.Request(
            url, headers={"Accept": ACCEPT, "User-Agent": USER_AGENT}, method="GET"
        )
        try:
            handle = _opener(exchange).open(request, timeout=exchange.remaining())
        except urllib.error.HTTPError as exc:  # 3xx/4xx/5xx still carry a body
            handle = exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (_Expired, FetchError)):
                raise exc.reason from None
            raise
        with handle:
            status = handle.status if hasattr(handle, "status") else handle.code
            headers = {k.lower(): v for k, v in handle.headers.items()}
            body = self._read_capped(handle, exchange, url)
        return Response(url=url, status=int(status or 0), headers=headers, body=body)

    def _read_capped(self, handle: Any, exchange: _Exchange, url: str) -> bytes:
        # Chunks, so that a huge body is refused early (the watchdog ends a slow one).
        chunks: list[bytes] = []
        size = 0
        reader = getattr(handle, "read1", None) or handle.read
        while True:
            exchange.remaining()
            chunk = reader(64 * 1024)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(
                    "too_large",
                    f"{host_of(url)} sent more than {self.max_bytes // (1024 * 1024)} MB",
                )
            chunks.append(chunk)


def _fetch_error(url: str, exc: BaseException) -> FetchError:
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, TimeoutError):
        return FetchError("timeout", f"{host_of(url)} did not answer in time")
    if isinstance(exc, ConnectionRefusedError):
        return FetchError("refused", f"{host_of(url)} refused the connection")
    reason = getattr(exc, "strerror", None) or exc
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
    return FetchError("unreachable", f"{host_of(url)} can't be reached ({clean_text(reason, 120)})")
