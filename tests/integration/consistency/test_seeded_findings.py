"""The consistency findings of every catalogued release, measured on the packaged snapshots.

The real checkers and the consistency check run through the real clients against the
loopback stand-ins; the findings are printed (`pytest -s`) so a reader can see what each
release's published code says about its published model.
"""

from __future__ import annotations

import json

import pytest

from registry.consistency import check_consistency, seen_from_result
from registry.consistency.report import ArchitectureState, ConsistencyReport
from registry.ports import Clients
from registry.verify import check_release
from tests.integration.test_acceptance import NOW, RELEASES, artifact_refs
from tests.integration.test_acceptance import clients as clients  # fixture

WITH_ARTIFACTS = [r for r in RELEASES if any(r["artifacts"].values())]


def describe(slug: str, report: ConsistencyReport) -> str:
    lines = [f"== {slug}: consistent={report.consistent} gaps={report.missing_for_mark()}"]
    arch = report.architecture
    lines.append(f"  architecture: {arch.state.value}: {arch.reason}")
    lines += [
        f"    {f.field}: {f.agreement.value} (weights {f.released}, config {f.trained}"
        f"{', ' + f.where if f.where else ''}{'; ' + f.note if f.note else ''})"
        for f in arch.fields
    ]
    lines.append(f"  data: {report.data.state.value}: {report.data.reason}")
    lines.append(f"  code pin: {report.code_pin.state.value}: {report.code_pin.reason}")
    lines.append(f"  data pin: {report.data_pin.state.value}: {report.data_pin.reason}")
    lines.append(f"  environment: {report.environment.state.value}: {report.environment.reason}")
    lines.append(f"  tuple: {report.reproducibility}")
    return "\n".join(lines)


@pytest.mark.parametrize("release", WITH_ARTIFACTS, ids=[r["slug"] for r in WITH_ARTIFACTS])
def test_findings_for_every_seeded_release(clients: Clients, release: dict) -> None:
    results = check_release(artifact_refs(release), clients, now=NOW)
    report = check_consistency([seen_from_result(r) for r in results], clients)
    print(describe(release["slug"], report))
    json.dumps(report.as_fact())  # storable as it is
    code = release["artifacts"].get("code") or {}
    if code.get("training_code"):
        # Training code the record says exists is read: no source is left unverified.
        assert report.architecture.state is not ArchitectureState.UNVERIFIED, describe(
            release["slug"], report
        )
