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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from byoip.atomic import atomic_write_text

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
