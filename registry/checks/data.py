"""The data checker: is the training data itself published, and under what licence?

For a Hub dataset it counts actual data files; a card alone is not published data, and a
loading script that downloads from elsewhere is judged by what its URLs answer
(data_scripts.py). For a plain URL it runs a guarded probe:
reachable means published, but a bare URL cannot show a licence, so at best restricted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from posixpath import basename

from registry.checks.base import Observation, Outcome, human_size, run_check, total_size
from registry.checks.data_contents import (
    MAX_POINTERS_NAMED,
    EmptyFiles,
    describe_empty,
    empty_files,
    pointers,
)
from registry.checks.data_links import FileHeads, download_manifests, links_only
from registry.checks.data_partial import held_out_files, sample_files
from registry.checks.data_scripts import probe_script_urls, script_download_urls
from registry.checks.doubts import DoubtId
from registry.checks.hub_common import (
    DataHeld,
    hub_locator,
    licence_verdict,
    open_repo,
    refuse_unseen_absence,
)
from registry.checks.licences import sources as licences
from registry.checks.mof_observe import MOF_FACT, observe_dataset_repo
from registry.licences import verdict_for_licence
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    FailureKind,
    FileFound,
    LicenceClass,
    LicenceKind,
    Verdict,
)
from registry.ports import AdapterError, Clients, HttpProbe, HubClient, HubFile, HubRepoInfo

# Suffixes of files that hold data (lower-case, matched on the end of the name).
DATA_SUFFIXES: tuple[str, ...] = (
    ".parquet",  # the Hub's own conversion format
    ".arrow",  # datasets' save_to_disk shards
    ".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.xz", ".ndjson",
    ".json", ".json.gz", ".json.zst",
    ".csv", ".csv.gz", ".tsv", ".tsv.gz",
    ".txt", ".txt.gz", ".txt.zst",
    ".tar", ".tar.gz", ".tgz", ".tar.zst", ".zip",  # webdataset and archive shards
    ".zst", ".gz", ".xz", ".bz2",  # compressed dumps of any of the above
    ".npy", ".npz", ".h5", ".hdf5", ".feather", ".avro", ".orc", ".lance",
    ".wav", ".flac", ".mp3", ".ogg", ".jpg", ".jpeg", ".png", ".webp", ".mp4",
)  # fmt: skip

# Files with a data suffix that are repository furniture, not data (lower-case names).
NOT_DATA_NAMES: frozenset[str] = frozenset(
    {
        "dataset_infos.json",  # metadata the datasets library writes
        "dataset_info.json",
        "dataset_dict.json",
        "state.json",
        "requirements.txt",
        "robots.txt",
        "croissant.json",
        "config.json",
        ".gitattributes",
    }
)

# A loading script downloads from wherever its URLs point; the repo holds no data.
LOADING_SCRIPT_SUFFIX = ".py"

# Content types that suggest a landing page rather than the data (noted, not judged).
PAGE_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})

REACHABLE_STATUSES = range(200, 300)


def is_data_file(path: str) -> bool:
    """Return True when a dataset repository path holds data rather than furniture."""
    name = basename(path).lower()
    if name in NOT_DATA_NAMES or licences.is_licence_file(name) or name.startswith("readme"):
        return False
    return name.endswith(DATA_SUFFIXES)


class DataChecker:
    """Checks a Hub dataset repository or a plain URL for published training data."""

    id = "data"
    title = "Training data on the Hub or at a URL"
    description = (
        "For a Hub dataset: counts the data files and their size (a card alone is not "
        "data; a loading script's download URLs are probed: served there is published, 404 "
        "is absent), notes a gate and reads the licence. For a URL: a "
        "guarded HEAD and ranged GET; reachable is published, and without a licence "
        "statement the data is at best restricted."
    )
    # 1.4: what the repository shows about MOF components (data card, preprocessing code)
    # 1.5: a card that says its files are only part of the data is a doubt
    # 1.6: an empty LICENSE is unreadable; files of links (URL and caption columns, a
    # urls.txt) without the items are a doubt; so are files far smaller than the card's size
    # claim (not held to URL lists of shards, whose bytes are not the data's) and every file
    # named as a sample; text saved as .parquet is a placeholder (empty)
    # 1.7: the licence tables of weights 2.5 (etalab-2.0 is an open data licence; the Hub's
    # gpl/lgpl/gfdl/bsd/cc tags are read; a known `license_link` settles `other`)
    # 1.8: a Hub licence list is read as alternatives (the most open part) where the card or
    # a licence file says the work is offered under each on its own (licences/dual.py)
    # 1.9: a loading script's download URLs are probed: served is published there (the
    # licence decides), 404/410 is absent, unknowable is unverified (no longer always absent);
    # a repository whose every data file is a validation or test split holds only part; a
    # script nobody can read (a gated repository's) leaves the verdict unverified; the GFDL
    # is an open data licence (FSF-libre, on MOT's open-data list)
    version = "1.9.0"
    kinds = frozenset({ArtifactKind.HF_DATASET, ArtifactKind.URL})

    def run(self, artifact: ArtifactRef, clients: Clients, now: datetime) -> CheckResult:
        """Check one dataset repository or URL and return a verdict with evidence."""
        if artifact.kind is ArtifactKind.URL:
            seen = Observation(artifact.locator, artifact.locator)
            return run_check(self, artifact, now, seen, lambda o: _probe(artifact, clients.http, o))
        seen = Observation(clients.hub.endpoint, hub_locator(artifact))
        return run_check(self, artifact, now, seen, lambda o: _dataset(artifact, clients, o))


def _dataset(artifact: ArtifactRef, clients: Clients, seen: Observation) -> Outcome:
    hub = clients.hub
    repo = open_repo(hub, "dataset", artifact.locator, seen)
    if isinstance(repo, Outcome):
        return repo
    info, files = repo
    seen.facts[MOF_FACT] = observe_dataset_repo(hub, info, tuple(f.path for f in files))
    listed = [FileFound(f.path, f.size) for f in files if is_data_file(f.path)]
    empty = empty_files(hub, info, listed)
    data = [f for f in listed if f not in empty.empty]
    seen.files = listed
    seen.total_size = total_size(data)
    seen.facts.update(data_file_count=len(data), empty_data_files=tuple(empty.why.items()))
    if not data:
        refuse_unseen_absence(seen, len(files), "data file")
        if listed:
            return Outcome(Verdict.ABSENT, (_all_empty_reason(empty, len(listed)),))
        return _no_data_files(artifact, clients, repo, seen)
    if empty.empty:
        seen.doubt(DoubtId.EMPTY_FILES, describe_empty(empty, len(listed)) + ".")
    sampled = sample_files([f.path for f in data]) or held_out_files([f.path for f in data])
    if sampled:
        seen.doubt(DoubtId.DATA_ONLY_IN_PART, sampled)
    heads = FileHeads(hub, info)  # the two rules below read the same few files once
    links = links_only(hub, info, [f.path for f in files], [f.path for f in data], heads)
    if links is not None:
        seen.facts["link_columns"] = links.columns
        seen.doubt(DoubtId.DATA_LINKS_ONLY, links.sentence() + ".")
    # A download manifest's bytes are a list of the data's files, not the data: the card's
    # size claims are not held to them (the files it lists are not read).
    manifests = download_manifests(hub, info, [f.path for f in data], heads)
    seen.facts["download_manifests"] = manifests
    held = DataHeld(len(data), None if manifests else seen.total_size)
    verdict, licence_reasons = licence_verdict(
        hub, repo, artifact, LicenceKind.DATA, seen, GATE_REASON, held
    )
    found = f"Found {len(data)} data file(s), {human_size(seen.total_size)} in total."
    return Outcome(verdict, (found, *_manifest_reason(manifests), *licence_reasons))


GATE_REASON = "The dataset is gated: downloading it needs the publisher's consent."


def _no_data_files(
    artifact: ArtifactRef,
    clients: Clients,
    repo: tuple[HubRepoInfo, tuple[HubFile, ...]],
    seen: Observation,
) -> Outcome:
    # A loading script's own URLs decide: served there is published (the licence sources
    # decide how openly), gone is absent, unknowable fails the check (data_scripts.py).
    info, files = repo
    scripts = [f.path for f in files if f.path.lower().endswith(LOADING_SCRIPT_SUFFIX)]
    downloads = script_download_urls(clients.hub, info, scripts)
    first = _no_data_reason(clients.hub, info, files, downloads[:MAX_POINTERS_NAMED])
    hosts = probe_script_urls(clients.http, downloads)
    if hosts is None:
        return Outcome(Verdict.ABSENT, (first,))
    seen.facts["script_urls"] = hosts.reachable or hosts.gone
    if not hosts.reachable:
        return Outcome(Verdict.ABSENT, (first, hosts.reason()))
    verdict, licence_reasons = licence_verdict(
        clients.hub, repo, artifact, LicenceKind.DATA, seen, GATE_REASON
    )
    return Outcome(verdict, (first, hosts.reason(), *licence_reasons))


def _manifest_reason(manifests: tuple[str, ...]) -> tuple[str, ...]:
    if not manifests:
        return ()
    more = f" and {len(manifests) - 3} more" if len(manifests) > 3 else ""
    named = ", ".join(manifests[:3]) + more
    return (
        f"The data files ({named}) are download manifests: lists of the corpus's shard files "
        "hosted elsewhere, so their own size is not the data's and the card's size claims are "
        "not held to it.",
    )


def _all_empty_reason(empty: EmptyFiles, total: int) -> str:
    return (
        f"No data is published: {describe_empty(empty, total)}. A file that exists by name "
        "but holds no bytes is not data."
    )


def _no_data_reason(
    hub: HubClient, info: HubRepoInfo, files: Iterable[HubFile], downloads: list[str]
) -> str:
    # A script's download URLs, when it names some, say where better than every URL in it
    # (its homepage, licence and paper, templates cut at their first brace).
    names = [f.path for f in files]
    scripts = [n for n in names if n.lower().endswith(LOADING_SCRIPT_SUFFIX)]
    where = downloads or pointers(hub, info, files, scripts)
    points = f" It points to {', '.join(where)}." if where else ""
    if scripts:
        source = f"from {', '.join(where)}" if where else "from elsewhere (no URL found in it)"
        return (
            f"The repository holds no data files, only a loading script ({', '.join(scripts[:3])}) "
            f"that downloads the data {source}; that is not data published here."
        )
    if any(basename(n).lower().startswith("readme") for n in names):
        if where:
            return (
                "The repository holds only a dataset card and no data files; the card points "
                f"elsewhere for the data ({', '.join(where)}), which is not data published here."
            )
        return "The repository holds only a dataset card and no data files."
    return f"None of the repository's {len(names)} file(s) holds data.{points}"


def _probe(artifact: ArtifactRef, http: HttpProbe, seen: Observation) -> Outcome:
    reply = http.probe(artifact.locator)
    seen.endpoint = reply.contacted
    seen.total_size = reply.size
    seen.files = [FileFound(reply.final_url, reply.size)]
    seen.facts.update(
        status=reply.status,
        content_type=reply.content_type,
        final_url=reply.final_url,
        redirects=tuple(f"{hop.status} -> {hop.url}" for hop in reply.redirects),
        licence_link=reply.licence_link,
    )
    if reply.status not in REACHABLE_STATUSES:
        # Neither reachable nor a clear error: nothing is confirmed either way.
        raise AdapterError(FailureKind.MALFORMED_REPLY, f"the URL answered {reply.status}")
    reasons = [_reachable_reason(reply.status, reply.content_type, reply.size, reply.redirects)]
    found = None
    if reply.licence_link:
        found = licences.from_licence_url(reply.licence_link, "Link rel=license", LicenceKind.DATA)
    if found is None:
        reasons.append(_no_url_licence_reason(reply.licence_link))
        seen.facts["licence_class"] = LicenceClass.UNKNOWN.value
        return Outcome(Verdict.RESTRICTED, tuple(reasons))
    seen.licences = [found]
    summary = licences.summarise([found], LicenceKind.DATA)
    seen.facts["licence_class"] = summary.licence_class.value
    return Outcome(
        verdict_for_licence(summary.licence_class), tuple(reasons + list(summary.reasons))
    )


def _reachable_reason(
    status: int, content_type: str | None, size: int | None, hops: tuple[object, ...]
) -> str:
    via = f" after {len(hops)} checked redirect(s)" if hops else ""
    page = (
        " It serves a web page, which may be a landing page rather than the data itself."
        if content_type in PAGE_CONTENT_TYPES
        else ""
    )
    kind = content_type or "unknown content type"
    return f"The URL is reachable{via} (status {status}, {kind}, {human_size(size)}).{page}"


def _no_url_licence_reason(link: str | None) -> str:
    if link:
        return (
            f"It links a licence at {link}, which is not one we can read, so the data is at best "
            "restricted."
        )
    return (
        "A bare URL states no licence (no Link rel=license header), so the data is at best "
        "restricted: published, but reuse terms cannot be confirmed."
    )
