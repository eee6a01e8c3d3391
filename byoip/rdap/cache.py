"""On-disk cache of RDAP answers, one JSON file per query URL.

Registries rate-limit, and a registration rarely changes within a day, so an
answer is reused for ``Settings.rdap_cache_ttl`` seconds.  Files are written
atomically; a damaged or foreign file is treated as a miss and replaced by
the next answer (the cache is only a copy).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from byoip.atomic import atomic_write_text
from byoip.fetching import Fetched, LookupCounter, LookupFault

T = TypeVar("T")

CACHE_VERSION = 1


@dataclass(frozen=True)
class CachedAnswer:
    document: dict[str, Any]
    url: str  # where the document came from (after redirects)
    fetched_at: float  # seconds since the epoch


class RdapCache:
    def __init__(self, folder: Path, ttl: float) -> None:
        self.folder = Path(folder) / "rdap"
        self.ttl = ttl

    def path_for(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:40] + ".json")

    def get(self, url: str, now: float | None = None) -> CachedAnswer | None:
        """The cached answer for ``url`` if it is younger than the TTL, else None."""
        now = time.time() if now is None else now
        try:
            data = json.loads(self.path_for(url).read_text(encoding="utf-8"))
            if data.get("version") != CACHE_VERSION or data.get("query") != url:
                return None
            answer = CachedAnswer(
                document=data["document"],
                url=str(data["url"]),
                fetched_at=float(data["fetched_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None  # missing or damaged: a miss; the next answer replaces it
        if not isinstance(answer.document, dict) or not 0 <= now - answer.fetched_at < self.ttl:
            return None
        return answer

    def put(self, url: str, answer: CachedAnswer) -> None:
        data = {
            "version": CACHE_VERSION,
            "query": url,
            "url": answer.url,
            "fetched_at": answer.fetched_at,
            "document": answer.document,
        }
        # A read-only or full cache folder must not fail the lookup.
        with contextlib.suppress(OSError):
            atomic_write_text(self.path_for(url), json.dumps(data, ensure_ascii=False))


class CachingSession(LookupCounter):
    """One lookup's shared state: the cache (when the fetcher's answers may go there), the
    ``refresh`` flag, the deadline, and the counts (the registry lookup and the routing check)."""

    def __init__(self, cache: RdapCache | None, refresh: bool, deadline: float) -> None:
        super().__init__()
        self.cache = cache
        self.refresh = refresh
        self.deadline = deadline

    def answer(
        self,
        url: str,
        fetch: Callable[[], Fetched],
        parse: Callable[[dict[str, Any]], T],
        unusable: tuple[type[Exception], ...],
    ) -> tuple[CachedAnswer, T]:
        """``parse`` of the answer for ``url``: from the cache when fresh, else fetched.

        Only answers that parse go into the cache, so a bad answer is asked again
        next time instead of being replayed for a day; a cached answer that no longer
        parses (``unusable``) is asked again too.
        """
        if self.cache is not None and not self.refresh:
            cached = self.cache.get(url)
            if cached is not None:
                try:
                    parsed = parse(cached.document)
                except unusable:
                    pass  # a cached answer we can't use: ask again
                else:
                    self.note(hits=1, fetched_at=cached.fetched_at)
                    return cached, parsed
        try:
            fetched = fetch()
        except LookupFault as fault:
            self.note(requests=fault.requests)
            raise
        now = time.time()
        self.note(requests=fetched.requests, fetched_at=now)
        answer = CachedAnswer(fetched.document, fetched.url, now)
        parsed = parse(answer.document)
        if self.cache is not None:
            self.cache.put(url, answer)
        return answer, parsed
