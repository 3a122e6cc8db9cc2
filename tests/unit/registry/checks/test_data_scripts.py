"""A loading script's download URLs, and what probing them says about the data."""

from __future__ import annotations

import pytest

from registry.checks.data import DataChecker
from registry.checks.data_scripts import download_urls, probe_script_urls
from registry.model import FailureKind, Verdict
from registry.ports import AdapterError, ProbeReply
from tests.unit.registry.checks.checks_fakes import NOW, FakeHub, FakeProbe, dataset, fake_clients

SHARD = "https://data.lab.example/corpus/v1/train-00.jsonl.zst"
BASE = "https://data.lab.example/corpus/v1"


@pytest.mark.parametrize(
    ("script", "urls"),
    [
        # A concrete shard, and a base URL the builder joins paths to (files first).
        (f'_URL_BASE = "{BASE}"\n_URLS = ["{SHARD}"]\n', [SHARD, BASE]),
        # Builder conventions that point at pages about the data, not at the data.
        (
            '_HOMEPAGE = "https://pile.eleuther.ai/"\n_LICENSE = "https://lab.example/terms"\n'
            '_CITATION = "https://arxiv.org/abs/2101.00027"\n',
            [],
        ),
        # Templates filled at run time name no address the probe could ask.
        ('_URL = f"https://the-eye.eu/public/AI/pile/train/{i:0>2}.jsonl.zst"\n', []),
        ('URL = "https://data.lab.example/%s/train.tar"\n', []),
        # The repository itself is not somewhere else.
        ('_URL = "https://huggingface.co/datasets/lab/d/resolve/main/x.parquet"\n', []),
    ],
)
def test_download_urls_of_a_builder(script: str, urls: list[str]) -> None:
    assert download_urls(script, "lab/d") == urls


def reply(url: str, status: int = 200) -> ProbeReply:
    return ProbeReply(url=url, contacted=url, final_url=url, status=status,
                      content_type="application/zstd", size=1_000)  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "reachable", "gone"),
    [
        ({SHARD: reply(SHARD)}, True, False),
        ({}, False, True),  # the fake answers 404 for every URL it does not hold
        # One live URL is enough, whatever the other answers.
        ({BASE: AdapterError(FailureKind.TIMEOUT, "timed out"), SHARD: reply(SHARD)}, True, False),
    ],
)
def test_probe_script_urls(answers: dict, reachable: bool, gone: bool) -> None:
    hosts = probe_script_urls(FakeProbe(answers), [BASE, SHARD])
    assert hosts is not None
    assert bool(hosts.reachable) is reachable and bool(hosts.gone) is gone


@pytest.mark.parametrize(
    "answer",
    [
        AdapterError(
            FailureKind.REFUSED, "refused 'data.lab.example': the host name does not resolve"
        ),
        AdapterError(FailureKind.UNAUTHORISED, "answered 403"),
        AdapterError(FailureKind.SERVER_ERROR, "answered 503"),
    ],
)
def test_a_script_url_nobody_could_check_fails_the_check(answer: AdapterError) -> None:
    with pytest.raises(AdapterError, match="could not be checked"):
        probe_script_urls(FakeProbe({SHARD: answer}), [SHARD])


def test_no_concrete_url_is_not_probed() -> None:
    assert probe_script_urls(FakeProbe(), []) is None


def check(probe: FakeProbe, tags: tuple[str, ...] = ()):
    hub = FakeHub()
    files = {"README.md": "# Corpus", "corpus.py": f'_URLS = {{"train": "{SHARD}"}}\n'}
    hub.add("dataset", "lab/d", files, tags=tags)
    return DataChecker().run(dataset("lab/d"), fake_clients(hub=hub, http=probe), NOW)


@pytest.mark.parametrize(
    ("probe", "tags", "verdict", "said"),
    [
        # Served at its URL: published there, and the licence decides how openly.
        (FakeProbe({SHARD: reply(SHARD)}), ("license:odc-by",), Verdict.OPEN, "published there"),
        (FakeProbe({SHARD: reply(SHARD)}), (), Verdict.RESTRICTED, "published there"),
        # Gone: absent, whatever the tag says.
        (FakeProbe(), ("license:odc-by",), Verdict.ABSENT, "answer 404 or 410"),
        # Nobody could check: unverified, never absent.
        (
            FakeProbe({SHARD: AdapterError(FailureKind.REFUSED, "refused")}),
            ("license:odc-by",),
            Verdict.UNVERIFIED,
            "could not be checked",
        ),
    ],
)
def test_a_loading_script_is_judged_by_its_urls(
    probe: FakeProbe, tags: tuple[str, ...], verdict: Verdict, said: str
) -> None:
    result = check(probe, tags)
    reasons = [*result.reasons, *([result.failure.message] if result.failure else [])]
    assert result.verdict is verdict, reasons
    assert any(said in r for r in reasons), reasons
