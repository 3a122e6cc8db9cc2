"""A loading script's URLs, probed: data a Hub repository downloads from somewhere else.

Old-style `datasets` repositories hold a `*.py` builder and no data files; the builder
downloads from the URLs it names. Whether that is published data is a fact about those URLs,
not about the Hub: a script whose host still serves the files publishes them there
(RedPajama-V2's builder and data.together.xyz), and one whose host answers 404 or 410
publishes nothing (the Pile's builder after the-eye.eu took the Pile down). So the data
checker probes a few of the script's concrete URLs with the guarded probe, as it probes a
URL artifact:

* any answers 2xx: the data is published at that URL, outside the Hub, and the repository's
  licence sources (and gate) decide its verdict;
* every one answers 404/410: nothing is published there, so the data is absent;
* anything else (our guard refused the host, a timeout, a 403, a server error): the check
  could not see either way, so it fails and the verdict is unverified, never absent.

A script that names no concrete download URL (only templates such as `{lang}.jsonl`, or only
its homepage and licence) is not probed, and stays absent as before. A script that cannot be
read at all (a gated repository's, or a Hub failure) fails the check: unverified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from posixpath import basename
from urllib.parse import urlsplit

from registry.checks.base import human_size
from registry.checks.data_contents import MAX_SCRIPTS_READ, SCRIPT_READ_BYTES, urls_in
from registry.model import FailureKind
from registry.ports import AdapterError, HttpProbe, HubClient, HubRepoInfo

# A few URLs are enough to tell a live host from a dead one; every probe is a request out.
MAX_PROBED = 2
TEMPLATE_MARKS = ("{", "}", "%s", "$")
REACHABLE = range(200, 300)
# Builders name their homepage, licence and paper by convention (_HOMEPAGE, _LICENSE,
# _CITATION, homepage=...): those lines point at pages about the data, not at the data.
NOT_A_DOWNLOAD_LINE = re.compile(r"homepage|licen[cs]e|citation|paper|arxiv|doi\b", re.IGNORECASE)


@dataclass(frozen=True)
class ScriptHosts:
    """What the probed script URLs answered: reachable ones (with a note) and gone ones."""

    reachable: tuple[str, ...]
    gone: tuple[str, ...]

    def reason(self) -> str:
        """One sentence a user reads: where the data is, or that it is gone."""
        if self.reachable:
            return (
                f"The script's URL {self.reachable[0]}: the data is published there, outside "
                "the Hub, so its reuse terms are read from this repository's licence sources."
            )
        return (
            f"The script's URL(s) answer 404 or 410, not found ({', '.join(self.gone)}): the "
            "data is not published at the address the script downloads from."
        )


def download_urls(script: str, repo_id: str) -> list[str]:
    """Return the concrete URLs a builder downloads from, files before bare folders.

    Lines naming a homepage, licence or paper are skipped, and so are templates filled at
    run time (`{lang}.jsonl`), which name no address the probe could ask.
    """
    lines = (line for line in script.splitlines() if not NOT_A_DOWNLOAD_LINE.search(line))
    found = [u for line in lines for u in urls_in(line, repo_id)]
    concrete = [u for u in dict.fromkeys(found) if not any(m in u for m in TEMPLATE_MARKS)]
    return sorted(concrete, key=lambda u: "." not in basename(urlsplit(u).path))


def script_download_urls(hub: HubClient, info: HubRepoInfo, scripts: Sequence[str]) -> list[str]:
    """Return the download URLs of the repository's first loading scripts.

    Raises AdapterError when no script could be read (a gated repository's script, a Hub
    failure): what it downloads from is then unknown, so the verdict is unverified, never
    absent. A script that is gone (404) since the listing shows nothing and is skipped.
    """
    found: list[str] = []
    failures: list[AdapterError] = []
    read = 0
    for path in scripts[:MAX_SCRIPTS_READ]:
        try:
            text = hub.read_text(info.repo_type, info.repo_id, path, info.sha, SCRIPT_READ_BYTES)
        except AdapterError as error:
            if error.kind is not FailureKind.NOT_FOUND:
                failures.append(error)
            continue
        read += 1
        found += download_urls(text, info.repo_id)
    if not read and failures:
        raise failures[0]
    return list(dict.fromkeys(found))


def probe_script_urls(http: HttpProbe, urls: Sequence[str]) -> ScriptHosts | None:
    """Probe the first of a script's download URLs; None when it names none.

    Raises AdapterError when no URL was reachable and one could not be checked (the
    verdict is then unverified): a refused or failed probe shows nothing either way.
    """
    candidates = list(urls)[:MAX_PROBED]
    if not candidates:
        return None
    reachable: list[str] = []
    gone: list[str] = []
    unknown: list[AdapterError] = []
    for url in candidates:
        try:
            reply = http.probe(url)
        except AdapterError as error:
            if error.kind is FailureKind.NOT_FOUND:
                gone.append(url)  # the public address, not where a test rewrote it to
            else:
                unknown.append(error)
            continue
        if reply.status not in REACHABLE:
            answered = f"{url} answered {reply.status}"
            unknown.append(AdapterError(FailureKind.MALFORMED_REPLY, answered))
            continue
        kind = reply.content_type or "unknown content type"
        reachable.append(f"{url} answers {reply.status} ({kind}, {human_size(reply.size)})")
    if reachable:
        return ScriptHosts(tuple(reachable), ())
    if unknown:
        raise AdapterError(
            unknown[0].kind,
            f"the loading script downloads from {', '.join(candidates)}, which could not be "
            f"checked ({unknown[0]}); whether the data is published there is not shown",
        )
    return ScriptHosts((), tuple(gone))
