"""Demo mode, headless: a throw-away folder, the recorded lookups, and the requirements tour.

``ses-byoip demo`` must run with no network and write nothing to the person's
drafts folder.  ``prepare_demo`` returns settings whose drafts and cache
folders are a fresh temporary folder, and the replaying fetcher/resolver that
feed recorded RDAP and DNSBL answers through the same lookup code the real
app uses.  The tour pages pair each requirement of the AWS page (the text of
``byoip.requirements.REQUIREMENTS``) with a sample request from
``sample_requests/`` that fails it.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from byoip.across import cross_draft_findings
from byoip.atomic import atomic_write_bytes
from byoip.config import Settings
from byoip.fields import check_request, normalized_request
from byoip.journey.samples import copy_journey
from byoip.proof import assess_proof, verdict_findings
from byoip.rdap import RecordedFetcher, lookup_rdap
from byoip.record import Record, RecordError, load_record
from byoip.reputation import RecordedResolver, sweep
from byoip.requirements import REQUIREMENTS, assess
from byoip.routing import RecordedRoutingFetcher, lookup_routing
from byoip.samples import DNSBL_RECORDINGS, RDAP_RECORDINGS, ROUTING_RECORDINGS, SAMPLES_DIR

#: Folders this process created for demos: the only places the demo ever writes to.
_DEMO_FOLDERS: set[Path] = set()
#: demo drafts folder -> the companion records staged there for the current sample.
_STAGED: dict[Path, list[Path]] = {}


class DemoError(Exception):
    """Demo data that can't be used; the message is one sentence for the person."""


@dataclass
class DemoEnvironment:
    """What the app needs to run the demo: settings, recorded lookups, a folder to throw away."""

    settings: Settings
    folder: Path
    rdap_fetcher: Any = None
    dns_resolver: Any = None
    routing_fetcher: Any = None
    notes: list[str] = field(default_factory=list)

    def cleanup(self) -> None:
        """Remove the temporary folder (and everything the demo wrote into it)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        _DEMO_FOLDERS.discard(self.folder.resolve())


def prepare_demo(settings: Settings, folder: Path | None = None) -> DemoEnvironment:
    """Settings pointed at a temporary folder, plus the replaying fetcher and resolver.

    ``folder`` (tests) replaces the fresh ``mkdtemp`` folder.  Lookups are
    imported here, lazily, because only the demo needs the recordings.
    """
    base = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="ses-byoip-demo-"))
    drafts, cache = base / "drafts", base / "cache"
    drafts.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    _DEMO_FOLDERS.add(base.resolve())
    demo_settings = replace(settings, drafts_dir=drafts, cache_dir=cache)
    env = DemoEnvironment(settings=demo_settings, folder=base)
    env.rdap_fetcher = recorded_fetcher()
    env.dns_resolver = recorded_resolver(env.folder, env.notes)
    env.routing_fetcher = recorded_routing_fetcher()
    return env


def recorded_fetcher() -> Any:
    """A fetcher replaying ``recordings/rdap/`` through the real RDAP code."""

    # A range without a recording gets the 404 a registry would give, never a real request.
    return RecordedFetcher(RDAP_RECORDINGS)


def recorded_routing_fetcher() -> Any:
    """A fetcher replaying ``recordings/routing/`` through the real routing check."""

    # A query without a recording gets a 404, never a real request.
    return RecordedRoutingFetcher(ROUTING_RECORDINGS)


def recorded_resolver(scratch: Path, notes: list[str] | None = None) -> Any:
    """One resolver replaying every recording of ``recordings/dnsbl/`` (merged).

    Without recordings the resolver still answers (it covers no range, so every
    sweep says "no recording"): the demo must never fall back to real DNS.  A
    range outside every recording's ``ranges`` is "no recording", never clean.
    """

    files = sorted(DNSBL_RECORDINGS.glob("*.json")) if DNSBL_RECORDINGS.is_dir() else []
    if not files:
        empty = scratch / "no-dnsbl-recordings.json"  # ``scratch``: a folder of the caller's
        empty.write_text('{"answers": {}, "ranges": []}', encoding="utf-8")
        if notes is not None:
            notes.append("No recorded reputation answers: sweeps say no recording.")
        return RecordedResolver(empty)
    resolver = RecordedResolver(files[0])
    for extra in files[1:]:
        resolver.merge(RecordedResolver(extra))
    return resolver


# --------------------------------------------------------------------------- the tour


@dataclass(frozen=True)
class SampleChoice:
    """The sample request that fails one requirement.

    ``companions`` are other records of the same folder that make the
    failure visible (the rules across drafts need them in the drafts folder).
    """

    path: str
    companions: tuple[str, ...] = ()


#: requirement id -> the sample that fails it (paths relative to sample_requests/).
SAMPLES: dict[str, SampleChoice] = {
    "rir_registration": SampleChoice("22-rdap-partial-coverage.toml"),
    "business_registrant": SampleChoice("20-rdap-person-registrant.toml"),
    "proof_of_ownership": SampleChoice("30-demo-proof-wrong-account.toml"),
    "roa_authorizes_aws": SampleChoice("25-roa-lacks-as14618.toml"),
    "clean_history": SampleChoice("24-dnsbl-listed.toml"),
    "prefix_24": SampleChoice("06-too-specific.toml"),
    "one_region": SampleChoice(
        "one-range-two-regions/eu-west-1.toml", ("one-range-two-regions/eu-central-1.toml",)
    ),
    "five_per_region": SampleChoice(
        "sixth-range-one-region/range-6.toml",
        tuple(f"sixth-range-one-region/range-{n}.toml" for n in range(1, 6)),
    ),
}


@dataclass(frozen=True)
class TourPage:
    """One page of the tour: a requirement in the AWS page's words, and a sample failing it."""

    number: int
    requirement_id: str
    title: str
    aws_text: str
    why: str
    how_checked: str
    sample: SampleChoice | None
    #: The sample's own top comment (what it shows), as written in the file.
    sample_note: str = ""

    @property
    def sample_label(self) -> str:
        return f"sample_requests/{self.sample.path}" if self.sample else ""


def sample_comment(path: Path) -> str:
    """The comment lines at the top of a sample, without the machine-read ``expect:``/``needs:``."""
    lines = []
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.startswith("#"):
                    break
                text = line[1:].strip()
                # Lines for machines (expect/needs) and command examples aren't the story.
                if text.startswith(("expect:", "needs:", "Try:", "--")) or "ses-byoip " in text:
                    continue
                lines.append(text.rstrip("\\").strip())
    except OSError:
        return ""
    return " ".join(part for part in lines if part)


def tour_pages() -> list[TourPage]:
    """One page per requirement of the AWS page, in the page's order."""

    pages = []
    for number, requirement in enumerate(REQUIREMENTS, start=1):
        sample = SAMPLES.get(requirement.id)
        if sample is not None and not (SAMPLES_DIR / sample.path).is_file():
            sample = None  # a build without the samples still tours the requirements
        pages.append(
            TourPage(
                number=number,
                requirement_id=requirement.id,
                title=requirement.title,
                aws_text=requirement.aws_text,
                why=requirement.why,
                how_checked=requirement.how_checked,
                sample=sample,
                sample_note=sample_comment(SAMPLES_DIR / sample.path) if sample else "",
            )
        )
    return pages


def load_sample(sample: SampleChoice) -> Record:
    """The sample's record (``DemoError`` with one sentence when it can't be read)."""
    path = SAMPLES_DIR / sample.path
    try:
        return load_record(path)
    except RecordError as exc:
        raise DemoError(f"The sample can't be read: {exc}.") from None


def _demo_folder(drafts_dir: Path) -> Path:
    """``drafts_dir`` resolved, or DemoError unless this process made it for a demo."""
    folder = Path(drafts_dir).resolve()
    if not any(folder == base or base in folder.parents for base in _DEMO_FOLDERS):
        raise DemoError(f"{folder} is not a demo folder; the demo writes only to its own.")
    return folder


def stage_journey(drafts_dir: Path, now: datetime) -> list[Path]:
    """Copy ``sample_requests/journey/`` (one request at each stage) into the demo's folder.

    Dates move forward by the time since the samples were written, so the story holds
    today (``byoip.journey.samples``).  Only ever the demo's own folder.
    """

    return copy_journey(_demo_folder(drafts_dir), now)


def stage_sample(sample: SampleChoice, drafts_dir: Path) -> list[Path]:
    """Put the sample's companion records into the demo's drafts folder (and only there).

    The records staged for the previous sample are removed first, so one
    sample's companions don't change what another shows (drafts saved during
    the demo stay).  Refuses any folder this process did not
    create for a demo: the person's own drafts are never touched.
    """
    folder = _demo_folder(drafts_dir)
    for old in _STAGED.pop(folder, []):
        old.unlink(missing_ok=True)
    written = []
    for name in sample.companions:
        source = SAMPLES_DIR / name
        target = folder / Path(name).name
        atomic_write_bytes(target, source.read_bytes())
        written.append(target)
    _STAGED[folder] = written
    return written


@dataclass(frozen=True)
class SampleVerdict:
    """What the app's own checks say about a page's sample, for that page's requirement."""

    symbol: str
    word: str
    message: str

    def text(self) -> str:
        return f"{self.symbol} {self.word}: {self.message}"


def sample_verdict(
    page: TourPage,
    settings: Settings,
    fetcher: Any = None,
    resolver: Any = None,
    routing_fetcher: Any = None,
) -> SampleVerdict | None:
    """Run the sample through the same checks the wizard runs, and read this page's verdict.

    Field rules always; the rules across drafts with the sample's companions;
    the registration lookup, the blocklist sweep and the routing check only with
    ``fetcher`` / ``resolver`` / ``routing_fetcher`` (the demo's recorded answers:
    nothing goes to the network).
    Blocking (lookups): call it from a worker thread.
    """
    if page.sample is None:
        return None

    record = load_sample(page.sample)
    request = record.request
    me = SAMPLES_DIR / page.sample.path
    pairs = [(me, replace(record, request=normalized_request(request)))]
    pairs += [(SAMPLES_DIR / n, load_sample(SampleChoice(n))) for n in page.sample.companions]
    rdap_findings = reputation_findings = None
    wanted = page.requirement_id
    if wanted in ("rir_registration", "business_registrant") and fetcher is not None:
        result = lookup_rdap(request.ip_range, settings, registry=request.registry, fetcher=fetcher)
        rdap_findings = list(result.findings)
    if wanted == "clean_history" and resolver is not None:
        swept = asyncio.run(sweep(request.ip_range, settings, resolver=resolver))
        reputation_findings = list(swept.findings)
    routing_findings = None
    if wanted == "roa_authorizes_aws" and routing_fetcher is not None:
        routed = lookup_routing(
            request.ip_range, settings, region=request.region, fetcher=routing_fetcher
        )
        routing_findings = list(routed.findings)
    proof_findings = None
    if wanted == "proof_of_ownership" and record.proof:
        proof_findings = _proof_findings(record)
    statuses = assess(
        request,
        check_request(request),
        rdap_findings=rdap_findings,
        reputation_findings=reputation_findings,
        proof_findings=proof_findings,
        draft_findings=cross_draft_findings(pairs).get(me, []),
        routing_findings=routing_findings,
    )
    status = next(s for s in statuses if s.requirement.id == wanted)
    message = status.finding.message if status.finding else ""
    return SampleVerdict(status.verdict.symbol, status.verdict.word, message)


def _proof_findings(record: Record) -> list[Any] | None:
    """The saved proof re-checked by ``byoip.proof`` (as the wizard's proof step does)."""

    request = record.request
    return verdict_findings(assess_proof(record.proof, request.account_id, request.ip_range))
