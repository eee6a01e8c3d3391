"""Fetching from a RIPEstat-shaped Data API: one call, retried, within a deadline.

The HTTP side reuses the registry lookup's ``Fetcher`` (urllib, size cap,
time-out while reading); this module adds what is particular to the Data
API: its URLs (``<base><call>/data.json?...``), its envelope (``status``,
``messages``, ``data``), and faults worded for the routing check, each one
sentence that names the knob to turn (``[routing] base_url``, ``timeout``).

``RecordedRoutingFetcher`` replays recorded answers (demo mode, samples):
see ``sample_requests/recordings/routing/README.md``.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from byoip.fetching import (
    FaultWords,
    Fetched,
    Fetcher,
    FetchError,
    LookupFault,
    Response,
    fetch_with_retries,
    host_of,
    parse_retry_after,
)
from byoip.rdap.cache import RdapCache
from byoip.recording import UNDATED, recorded_stamp
from byoip.text import clean_text

#: Identifies the tool to RIPEstat (its usage rules ask regular users to send one).
SOURCE_APP = "ses-byoip"
#: Query parameters that don't change the answer (left out of recording keys).
_NOT_PART_OF_QUERY = frozenset({"sourceapp"})
_KNOBS = "[routing] base_url / $SES_BYOIP_ROUTING_URL"


class RoutingFault(LookupFault):
    """A call that gave no usable answer; ``message`` is one sentence for the user."""


class RoutingCache(RdapCache):
    """The registry lookup's on-disk cache, in its own folder (``<cache>/routing``)."""

    def __init__(self, folder: Path, ttl: float) -> None:
        super().__init__(folder, ttl)
        self.folder = Path(folder) / "routing"


def call_url(base: str, call: str, **params: str) -> str:
    """``<base><call>/data.json?<params>&sourceapp=ses-byoip`` (params in a fixed order)."""
    query = urllib.parse.urlencode({**params, "sourceapp": SOURCE_APP}, safe="/:")
    return f"{base.rstrip('/')}/{call}/data.json?{query}"


def recording_key(url: str) -> str:
    """What a recording is filed under: ``call?param=value&...`` (sorted, no sourceapp)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/data.json"):
        path = path[: -len("/data.json")]
    call = path.rsplit("/", 1)[-1]
    params = sorted(
        (k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k not in _NOT_PART_OF_QUERY
    )
    return call + "?" + "&".join(f"{k}={v}" for k, v in params)


# -- recorded answers ---------------------------------------------------------------------


class RecordedRoutingFetcher:
    """Replays recorded Data API answers from the ``*.json`` files of one or more folders.

    Each file holds ``{"answers": {"<call>?<params>": <answer>}}`` (see
    ``recording_key``); an answer is the API's JSON, or
    ``{"recorded_response": {"status": 429, "headers": {...}, "body": ...}}`` to
    replay a fault.  A query with no recording gets a 404, never a real request.
    """

    cacheable = False

    def __init__(self, folder: Path | str, *more_folders: Path | str) -> None:
        self.folders = [Path(folder), *map(Path, more_folders)]
        self.requests: list[str] = []
        self._answers: dict[str, Any] | None = None
        self._stamps: dict[str, str] = {}
        #: The date (``byoip.recording``) of each answer replayed, in order.
        self.stamps: list[str] = []

    def fetch(self, url: str, timeout: float) -> Response:
        self.requests.append(url)
        return self.answer(url)

    def answers(self) -> dict[str, Any]:
        if self._answers is None:
            merged: dict[str, Any] = {}
            for folder in reversed(self.folders):  # earlier folders win
                for path in sorted(folder.glob("*.json")):
                    try:
                        doc = json.loads(path.read_bytes())
                    except (OSError, ValueError):
                        continue
                    if isinstance(doc, dict) and isinstance(doc.get("answers"), dict):
                        merged.update(doc["answers"])
                        stamp = recorded_stamp(doc.get("recorded"))
                        self._stamps.update(dict.fromkeys(doc["answers"], stamp))
            self._answers = merged
        return self._answers

    def has_answer(self, url: str) -> bool:
        """Whether a recording answers ``url`` (a replay asks nothing else)."""
        return recording_key(url) in self.answers()

    def answer(self, url: str) -> Response:
        key = recording_key(url)
        recorded = self.answers().get(key)
        if recorded is None:
            body = {"status": "error", "messages": [["error", "no recording for this query"]]}
            return Response(
                url, 404, {"content-type": "application/json"}, json.dumps(body).encode()
            )
        self.stamps.append(self._stamps.get(key, UNDATED))
        envelope = recorded.get("recorded_response") if isinstance(recorded, dict) else None
        if not isinstance(envelope, dict):
            return Response(
                url, 200, {"content-type": "application/json"}, json.dumps(recorded).encode()
            )
        body = envelope.get("body", "")
        raw = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode()
        headers = {str(k).lower(): str(v) for k, v in (envelope.get("headers") or {}).items()}
        return Response(url, int(envelope.get("status", 200)), headers, raw)


# -- one call -------------------------------------------------------------------------------


def fetch_call(
    fetcher: Fetcher, url: str, *, timeout: float, retries: int, deadline: float
) -> Fetched:
    """GET one Data API ``url`` and return its envelope, or raise ``RoutingFault``.

    Time-outs, refused connections and 5xx answers are retried (``retries``
    times) while ``deadline`` (a ``time.monotonic()`` value) allows.
    """
    response, attempts = fetch_with_retries(
        lambda seconds: fetcher.fetch(url, seconds),
        timeout=timeout,
        retries=retries,
        deadline=deadline,
        words=FaultWords(
            final_kinds=("too_large",),
            from_error=lambda error: _fault_from_fetch_error(error, timeout),
            from_status=_fault_from_status,
            from_bug=lambda exc: RoutingFault(
                "routing.unreachable",
                f"The routing check failed ({clean_text(exc, 120)}); try again.",
            ),
            out_of_time=lambda: RoutingFault(
                "routing.timeout",
                f"The routing check ran out of time ({timeout:g} s per try); try again, or "
                "raise the time-out ([routing] timeout / $SES_BYOIP_ROUTING_TIMEOUT).",
            ),
        ),
    )
    try:
        return Fetched(decode(response), url, attempts)
    except RoutingFault as fault:
        fault.requests = attempts
        raise


def _fault_from_fetch_error(exc: FetchError, timeout: float) -> RoutingFault:
    if exc.kind == "timeout":
        return RoutingFault(
            "routing.timeout",
            f"The routing check timed out: {exc.message} ({timeout:g} s per try); try again, "
            "or raise the time-out ([routing] timeout / $SES_BYOIP_ROUTING_TIMEOUT).",
        )
    if exc.kind == "too_large":
        return RoutingFault(
            "routing.too_large", f"The routing answer is too large: {exc.message}; it was not read."
        )
    return RoutingFault(
        "routing.unreachable",
        f"The routing source can't be reached: {exc.message}; check your network and the "
        f"source's URL ({_KNOBS}).",
    )


def _messages(doc: object) -> str:
    """The API's own ``messages`` ([[level, text], ...]) as one cleaned line."""
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        return ""
    texts = []
    for item in doc["messages"]:
        if isinstance(item, list) and len(item) >= 2:
            texts.append(str(item[1]))
        elif isinstance(item, str):
            texts.append(item)
    return clean_text("; ".join(texts), 200)


def _fault_from_status(response: Response, doc: object = None) -> RoutingFault:
    host = host_of(response.url)
    status = response.status
    said = _messages(doc)
    detail = f" ({said})" if said else ""
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        when = (
            f"retry in {round(retry_after)} s"
            if retry_after is not None
            else "wait a few minutes before retrying"
        )
        return RoutingFault(
            "routing.rate_limited",
            f"{host} is limiting the query rate (HTTP 429){detail}; {when}.",
            retry_after=retry_after,
        )
    if status >= 500:
        return RoutingFault(
            "routing.server_error",
            f"{host} failed to answer the routing check (HTTP {status}){detail}; try again later.",
        )
    if 300 <= status < 400:
        where = clean_text(response.headers.get("location", "elsewhere"), 80)
        return RoutingFault(
            "routing.rejected",
            f"{host} redirected the routing check to {where}; set that address as the "
            f"source's URL ({_KNOBS}) if you trust it.",
        )
    return RoutingFault(
        "routing.rejected",
        f"{host} refused the routing check (HTTP {status}){detail}; check the source's URL "
        f"({_KNOBS}).",
    )


def decode(response: Response) -> dict[str, Any]:
    """The answer's envelope, checked: JSON object, HTTP 200, API ``status`` ok, ``data``."""
    host = host_of(response.url)
    try:
        doc = json.loads(response.body.decode("utf-8", errors="replace"))
    except ValueError:
        doc = None
    if response.status != 200:
        raise _fault_from_status(response, doc)
    if not isinstance(doc, dict):
        raise RoutingFault(
            "routing.malformed",
            f"{host} sent an answer that is not a JSON object; try again later, or check the "
            f"source's URL ({_KNOBS}).",
        )
    api_status = str(doc.get("status", "ok")).lower()
    if api_status != "ok":
        said = _messages(doc) or "no detail"
        raise RoutingFault(
            "routing.source_error",
            f"{host} could not answer the routing check ({clean_text(api_status, 20)}: {said}); "
            "try again later.",
        )
    if not isinstance(doc.get("data"), dict):
        raise RoutingFault(
            "routing.malformed",
            f"{host} sent an answer without its data; try again later, or check the source's "
            f"URL ({_KNOBS}).",
        )
    return doc
