"""Fetching RDAP documents: the HTTP side of the registry lookup.

A ``Fetcher`` makes exactly one HTTP request and returns what came back (it
does not follow redirects).  ``fetch_document`` does everything around it
that must behave the same for the real network and for recorded responses:
following redirects (also to another RIR's server), detecting loops,
retrying, keeping to one overall deadline, and turning every fault into an
``RdapFault`` that carries one sentence for the user.

``RecordedFetcher`` replays responses from a folder (demo mode, offline
samples, the test server); see ``sample_requests/recordings/rdap/README.md``
for the file naming.
"""

from __future__ import annotations

import ipaddress
import json
import urllib.parse
from pathlib import Path
from typing import Any

from byoip import __version__
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
from byoip.rdap.addresses import is_loopback_host, redirect_problem
from byoip.recording import UNDATED, recorded_stamp
from byoip.text import clean_text

#: Larger answers are refused: a real network object is a few tens of KB.
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
ACCEPT = "application/rdap+json, application/json;q=0.9"
USER_AGENT = f"ses-byoip/{__version__}"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


#: Faults that another try can't cure: raised at once, not retried.
_FINAL_KINDS = frozenset({"too_large", "cancelled", "refused_address"})


class RdapFault(LookupFault):
    """A lookup that gave no usable document; ``message`` is one sentence for the user."""


# -- recorded responses --------------------------------------------------------------


def recording_name(query: str) -> str:
    """The recording file for a query: ``"192.0.2.0/24"`` -> ``ip_192.0.2.0_24.json``."""
    return "ip_" + query.strip("/").replace("/", "_") + ".json"


def query_of(url: str) -> str | None:
    """The ``<addr>[/<prefix>]`` part of an RDAP ip URL, or None for other URLs."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    marker = path.rfind("/ip/")
    if marker < 0:
        return None
    return path[marker + len("/ip/") :].strip("/") or None


def _document_range(doc: object) -> tuple[int, int] | None:
    if not isinstance(doc, dict):
        return None
    try:
        start = ipaddress.IPv4Address(_strip_zeros(str(doc["startAddress"])))
        end = ipaddress.IPv4Address(_strip_zeros(str(doc["endAddress"])))
    except (KeyError, ValueError):
        return None
    return int(start), int(end)


def _strip_zeros(address: str) -> str:
    """``069.166.000.000`` and ``91.214.37.0/32`` -> plain dotted quads."""
    octets = address.strip().split("/")[0].split(".")
    return ".".join(octet.lstrip("0") or "0" for octet in octets)


class RecordedFetcher:
    """Replays recorded RDAP responses from one or more folders (demo mode, samples).

    A query is answered from ``<host>/ip_<addr>_<prefix>.json`` or
    ``ip_<addr>_<prefix>.json`` when such a file exists (earlier folders
    first); otherwise like an RIR server would: with the most
    specific recorded network that contains the whole queried range, or 404.
    A file may also hold an envelope
    ``{"recorded_response": {"status": 429, "headers": {...}, "body": ...}}``
    to replay a fault or a redirect.
    """

    cacheable = False

    def __init__(self, folder: Path | str, *more_folders: Path | str) -> None:
        self.folders = [Path(folder), *map(Path, more_folders)]
        self.requests: list[str] = []
        self._networks: list[tuple[int, int, Path]] | None = None
        #: The date (``byoip.recording``) of each file replayed, in order, so a
        #: result can say which recording it came from.
        self.stamps: list[str] = []
        #: Queries no file answered (a 404 from a replay means "not recorded").
        self.misses = 0

    @property
    def folder(self) -> Path:
        return self.folders[0]

    def fetch(self, url: str, timeout: float) -> Response:
        self.requests.append(url)
        return self.answer(url)

    def answer(self, url: str) -> Response:
        query = query_of(url)
        if query is None:
            self.misses += 1
            return _not_found(url)
        host = urllib.parse.urlsplit(url).netloc
        name = recording_name(query)
        for folder in self.folders:
            # <folder>/<host>/ first: what one server answered (e.g. a redirect to another RIR).
            for exact in ((folder / host / name) if host else None, folder / name):
                if exact is not None and exact.is_file():
                    return self._replay(url, exact)
        try:
            wanted = ipaddress.IPv4Network(query, strict=False)
        except ValueError:
            return _error_response(url, 400, "Bad Request", "not an IPv4 address or range")
        best: tuple[int, Path] | None = None
        for start, end, path in self._index():
            if start <= int(wanted.network_address) and int(wanted.broadcast_address) <= end:
                size = end - start
                if best is None or size < best[0]:
                    best = (size, path)
        if best is None:
            self.misses += 1
            return _not_found(url)
        return self._replay(url, best[1])

    def _index(self) -> list[tuple[int, int, Path]]:
        if self._networks is None:
            networks = []
            for folder in self.folders:
                for path in sorted(folder.glob("ip_*.json")):
                    try:
                        doc = json.loads(path.read_bytes())
                    except (OSError, ValueError):
                        continue
                    span = _document_range(doc)
                    if span is not None and "recorded_response" not in doc:
                        networks.append((*span, path))
            self._networks = networks
        return self._networks

    def _replay(self, url: str, path: Path) -> Response:
        raw = path.read_bytes()
        try:
            doc = json.loads(raw)
        except ValueError:  # a recorded malformed answer is replayed as it is
            self.stamps.append(UNDATED)
            return Response(url, 200, {"content-type": "application/rdap+json"}, raw)
        # ``recorded``: this project's member (RDAP clients ignore members they don't know).
        self.stamps.append(recorded_stamp(doc.get("recorded") if isinstance(doc, dict) else None))
        envelope = doc.get("recorded_response") if isinstance(doc, dict) else None
        if not isinstance(envelope, dict):
            return Response(url, 200, {"content-type": "application/rdap+json"}, raw)
        body = envelope.get("body", "")
        if not isinstance(body, str):
            body = json.dumps(body)
        headers = {str(k).lower(): str(v) for k, v in (envelope.get("headers") or {}).items()}
        return Response(url, int(envelope.get("status", 200)), headers, body.encode("utf-8"))


def _error_response(url: str, status: int, title: str, description: str) -> Response:
    body = {"errorCode": status, "title": title, "description": [description]}
    return Response(
        url, status, {"content-type": "application/rdap+json"}, json.dumps(body).encode()
    )


def _not_found(url: str) -> Response:
    return _error_response(url, 404, "Not Found", "no registration matches the query")


# -- one document, with redirects, retries and a deadline ---------------------------------


def fetch_document(
    fetcher: Fetcher, url: str, *, timeout: float, retries: int, deadline: float
) -> Fetched:
    """GET ``url`` and return its RDAP JSON object, or raise ``RdapFault``.

    ``deadline`` is a ``time.monotonic()`` value no request may run past.
    The fault's ``requests`` says how many HTTP requests were made.
    """
    visited: list[str] = []
    requests = 0
    current = url
    try:
        while True:
            if current in visited or len(visited) > MAX_REDIRECTS:
                hops = " -> ".join(map(host_of, [*visited, current]))
                raise RdapFault(
                    "rdap.redirect_loop",
                    f"The registry servers redirect in a loop or too often ({hops}); "
                    "try again later, or set another RDAP URL (--rdap-url, [rdap] base_url).",
                )
            visited.append(current)
            # After a redirect, the fetcher (if it can) also checks the addresses the
            # host resolves to, not only how the URL spells it.
            public_only = current != url and not is_loopback_host(
                urllib.parse.urlsplit(url).hostname
            )
            try:
                response, used = _fetch_with_retries(
                    fetcher, current, timeout, retries, deadline, public_only
                )
            except RdapFault as fault:
                requests += fault.requests
                raise
            requests += used
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise RdapFault(
                        "rdap.server_error",
                        f"{host_of(current)} answered a redirect without a location; "
                        "try again later.",
                    )
                current = urllib.parse.urljoin(current, location)
                if urllib.parse.urlsplit(current).scheme not in ("http", "https"):
                    raise RdapFault(
                        "rdap.server_error",
                        f"{host_of(response.url)} redirected to {clean_text(current, 80)}, "
                        "which is not an http(s) address; the answer was not followed.",
                    )
                problem = redirect_problem(url, current)
                if problem:
                    raise _redirect_refused(response.url, current, problem)
                continue
            return Fetched(_decode(response), current, requests)
    except RdapFault as fault:
        fault.requests = requests
        raise


def _redirect_refused(source: str, target: str, problem: str) -> RdapFault:
    return RdapFault(
        "rdap.redirect_refused",
        f"{host_of(source)} redirected the lookup to {clean_text(target, 80)}, {problem}; "
        "the redirect was not followed (registries redirect only to public HTTPS servers).",
    )


def _fetch_with_retries(
    fetcher: Fetcher,
    url: str,
    timeout: float,
    retries: int,
    deadline: float,
    public_only: bool = False,
) -> tuple[Response, int]:
    def call(seconds: float) -> Response:
        if public_only and getattr(fetcher, "checks_addresses", False):
            return fetcher.fetch(url, seconds, public_only=True)  # type: ignore[call-arg]
        return fetcher.fetch(url, seconds)

    def from_error(error: FetchError) -> RdapFault:
        if error.kind == "refused_address":
            return _redirect_refused(url, url, error.message)
        return _fault_from_fetch_error(error, timeout)

    words = FaultWords(
        final_kinds=_FINAL_KINDS,
        from_error=from_error,
        from_status=_fault_from_status,
        from_bug=lambda exc: RdapFault(
            "rdap.unreachable", f"The lookup failed ({clean_text(exc, 120)}); try again."
        ),
        out_of_time=lambda: RdapFault(
            "rdap.timeout",
            f"The registry lookup ran out of time ({timeout:g} s per try); "
            "try again, or raise the RDAP time-out (--timeout, [rdap] timeout).",
        ),
    )
    return fetch_with_retries(
        call, timeout=timeout, retries=retries, deadline=deadline, words=words
    )


def _fault_from_fetch_error(exc: FetchError, timeout: float) -> RdapFault:
    if exc.kind == "timeout":
        return RdapFault(
            "rdap.timeout",
            f"The registry lookup timed out: {exc.message} ({timeout:g} s per try); "
            "try again, or raise the RDAP time-out (--timeout, [rdap] timeout).",
        )
    if exc.kind == "cancelled":
        return RdapFault("rdap.cancelled", "The registry lookup was stopped before it finished.")
    if exc.kind == "too_large":
        return RdapFault(
            "rdap.too_large",
            f"The registry answer is too large: {exc.message}; it was not read.",
        )
    if exc.kind == "refused":
        return RdapFault(
            "rdap.unreachable",
            f"The registry server can't be reached: {exc.message}; "
            "check the RDAP URL (--rdap-url, [rdap] base_url) and your network.",
        )
    return RdapFault(
        "rdap.unreachable",
        f"The registry server can't be reached: {exc.message}; check your network and proxy.",
    )


def _fault_from_status(response: Response) -> RdapFault:
    host = host_of(response.url)
    status = response.status
    if status == 404:
        return RdapFault(
            "rdap.not_found",
            f"{host} has no registration for this range (HTTP 404); "
            "check the range, or it may not be allocated to anyone.",
        )
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        when = (
            f"retry in {_duration(retry_after)}"
            if retry_after is not None
            else "wait a few minutes before retrying"
        )
        return RdapFault(
            "rdap.rate_limited",
            f"{host} is limiting the query rate (HTTP 429); {when}.",
            retry_after=retry_after,
        )
    if status >= 500:
        return RdapFault(
            "rdap.server_error",
            f"{host} failed to answer (HTTP {status}); try again later.",
        )
    return RdapFault(
        "rdap.rejected",
        f"{host} refused the query (HTTP {status}); check the range and the RDAP URL.",
    )


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _decode(response: Response) -> dict[str, Any]:
    host = host_of(response.url)
    doc: object = None
    try:
        doc = json.loads(response.body.decode("utf-8", errors="replace"))
    except ValueError:
        doc = None
    except RecursionError:
        # A few kilobytes of "[" exhaust the parser's stack: no RDAP object nests like that.
        raise RdapFault(
            "rdap.malformed",
            f"{host} sent JSON nested too deeply to be an RDAP answer; try again later.",
        ) from None
    # An RDAP error object (RFC 9083 §6) explains a failure better than the status line.
    if isinstance(doc, dict) and "errorCode" in doc and response.status != 404:
        title = clean_text(doc.get("title") or "", 80)
        description = doc.get("description")
        if isinstance(description, list):
            description = " ".join(str(d) for d in description)
        detail = "; ".join(p for p in (title, clean_text(description or "", 160)) if p)
        return _raise_error_object(host, doc.get("errorCode"), detail, response)
    if response.status != 200:
        raise _fault_from_status(response)
    if doc is None:
        raise RdapFault(
            "rdap.malformed",
            f"{host} sent an answer that is not valid JSON; try again later.",
        )
    if not isinstance(doc, dict):
        raise RdapFault(
            "rdap.malformed", f"{host} sent JSON that is not an RDAP object; try again later."
        )
    return doc


def _raise_error_object(host: str, code: object, detail: str, response: Response) -> Any:
    if response.status == 429:
        raise _fault_from_status(response)
    raise RdapFault(
        "rdap.error_object",
        f"{host} answered with an RDAP error ({clean_text(code, 10)}: {detail or 'no detail'}); "
        "check the range and the RDAP URL.",
    )
