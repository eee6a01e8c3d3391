"""What every lookup over HTTP shares: one answer, the fetcher, faults, retries, counting.

The registry lookup (``byoip.rdap``) and the routing check (``byoip.routing``)
ask different servers different questions, but they ask the same way: a
``Fetcher`` makes exactly one GET and returns a ``Response`` (or raises
``FetchError`` below HTTP); ``fetch_with_retries`` retries time-outs, refused
connections and 5xx answers while one overall deadline allows; every fault
becomes a ``LookupFault`` carrying one sentence for the person, worded by the
lookup's own ``FaultWords``; a ``LookupCounter`` counts requests and cache hits
across the worker threads of one lookup.
"""

from __future__ import annotations

import email.utils
import threading
import time
import urllib.parse
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from byoip.findings import Finding, error, has_errors
from byoip.text import clean_text


@dataclass(frozen=True)
class Response:
    """One HTTP answer; header names are lower case."""

    url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Fetched:
    """A decoded JSON answer, where it finally came from, and the requests it took."""

    document: dict[str, Any]
    url: str
    requests: int


class Fetcher(Protocol):
    """Makes one HTTP GET (no redirect following) within ``timeout`` seconds.

    Raises ``FetchError`` for faults below HTTP (time-out, refused, too large).
    ``cacheable`` says whether answers may go into the on-disk cache.
    """

    cacheable: bool

    def fetch(self, url: str, timeout: float) -> Response: ...


class FetchError(Exception):
    """A fault below HTTP.

    ``kind``: timeout, refused, unreachable, too_large, cancelled (the fetcher was
    cancelled), refused_address (a redirect's host is not a public address).
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class LookupFault(Exception):
    """A call that gave no usable answer; ``message`` is one sentence for the person."""

    def __init__(self, code: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        #: HTTP requests made before giving up (for the request count).
        self.requests = 0


@dataclass(frozen=True)
class FaultWords:
    """How one lookup words its faults (its codes, its settings' names)."""

    #: Fetch-error kinds another try can't cure: the loop stops at once.
    final_kinds: Collection[str]
    from_error: Callable[[FetchError], LookupFault]
    from_status: Callable[[Response], LookupFault]
    #: A fetcher that raised something else (a bug must not become a traceback).
    from_bug: Callable[[Exception], LookupFault]
    #: No try could start before the deadline.
    out_of_time: Callable[[], LookupFault]


def fetch_with_retries(
    call: Callable[[float], Response],
    *,
    timeout: float,
    retries: int,
    deadline: float,
    words: FaultWords,
) -> tuple[Response, int]:
    """``call(seconds)`` until it answers below 500, at most ``retries`` more times.

    ``deadline`` is a ``time.monotonic()`` value that no try may pass.  Returns
    the response and the number of requests made; raises the ``LookupFault``
    of the last fault (its ``requests`` set) when no try answered.
    """
    attempts = 0
    last: LookupFault | None = None
    for _ in range(max(0, retries) + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0.01:
            break
        attempts += 1
        try:
            response = call(min(timeout, remaining))
        except FetchError as exc:
            last = words.from_error(exc)
            if exc.kind in words.final_kinds:
                break
            continue
        except Exception as exc:  # a fetcher bug must not become a traceback in the UI
            last = words.from_bug(exc)
            continue
        if response.status >= 500:
            last = words.from_status(response)
            continue
        return response, attempts
    if last is None:
        last = words.out_of_time()
    last.requests = attempts
    raise last


class LookupCounter:
    """Requests, cache hits and the oldest answer's time of one lookup (thread-safe)."""

    def __init__(self) -> None:
        self.requests = 0
        self.cache_hits = 0
        self.oldest: float | None = None
        self._lock = threading.Lock()  # sub-queries run in worker threads

    def note(self, requests: int = 0, hits: int = 0, fetched_at: float | None = None) -> None:
        with self._lock:
            self.requests += requests
            self.cache_hits += hits
            if fetched_at is not None:
                self.oldest = fetched_at if self.oldest is None else min(self.oldest, fetched_at)

    @property
    def from_cache(self) -> bool:
        """Whether every answer came from the cache (nothing was asked)."""
        return self.requests == 0 and self.cache_hits > 0


R = TypeVar("R")


def failed_result(
    result: Callable[..., R], field: str, cidr: str, code: str, message: str, requests: int = 0
) -> R:
    """A lookup's result that says, in one finding, why there is no answer."""
    return result(
        cidr=cidr,
        status="error",
        error=message,
        findings=[error(field, code, message)],
        requests=requests,
    )


def bug_sentence(what: str, exc: Exception) -> str:
    """What a person reads when a lookup meets a bug (never a traceback)."""
    return (
        f"{what} failed unexpectedly ({clean_text(type(exc).__name__)}: "
        f"{clean_text(exc, 120)}); please report it."
    )


class LookupOutcome:
    """What every lookup result answers the same way (needs ``status``, ``findings`` and
    ``checked_at`` fields)."""

    status: str
    findings: list[Finding]
    checked_at: float

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    @property
    def checked_at_iso(self) -> str:
        moment = datetime.fromtimestamp(self.checked_at, UTC)
        return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def host_of(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


__all__ = [
    "FaultWords",
    "FetchError",
    "Fetched",
    "Fetcher",
    "LookupCounter",
    "LookupFault",
    "LookupOutcome",
    "Response",
    "bug_sentence",
    "failed_result",
    "fetch_with_retries",
    "host_of",
    "parse_retry_after",
]
