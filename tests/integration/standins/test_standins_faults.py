"""The Hub stand-in's fault vocabulary: fail N times then succeed, and Retry-After."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError

from standins import Fault, ManifestError, parse_manifest
from standins.pytest_plugin import StandInsFactory

MODEL = {"kind": "model", "id": "org/flaky", "files": [{"path": "config.json", "content": "{}"}]}


def flaky(factory: StandInsFactory, **fault: object) -> str:
    return factory({"hub/models/flaky.yml": {**MODEL, "fault": fault}}).hub_endpoint


def test_a_fault_with_times_fails_that_often_then_serves(
    standins_factory: StandInsFactory, hub_client_env: Path
) -> None:
    api = HfApi(endpoint=flaky(standins_factory, status=503, times=2), token=False)
    for _ in range(2):
        with pytest.raises(HfHubHTTPError) as raised:
            api.model_info("org/flaky")
        assert raised.value.response.status_code == 503
    assert api.model_info("org/flaky").id == "org/flaky"
    assert api.model_info("org/flaky").id == "org/flaky"  # and stays healthy


def test_retry_after_is_sent_with_the_status(
    standins_factory: StandInsFactory, hub_client_env: Path
) -> None:
    endpoint = flaky(standins_factory, status=429, retry_after=7)
    with pytest.raises(HfHubHTTPError) as raised:
        HfApi(endpoint=endpoint, token=False).model_info("org/flaky")
    response = raised.value.response
    assert (response.status_code, response.headers["Retry-After"]) == (429, "7")
    assert "429 Too Many Requests" in str(raised.value)


def test_times_counts_every_endpoint_of_the_repo(
    standins_factory: StandInsFactory, hub_client_env: Path
) -> None:
    endpoint = flaky(standins_factory, status=500, times=1)
    tree = httpx.get(f"{endpoint}/api/models/org/flaky/tree/main")
    info = httpx.get(f"{endpoint}/api/models/org/flaky")
    assert (tree.status_code, info.status_code) == (500, 200)


def test_a_malformed_fault_with_times_heals_too(
    standins_factory: StandInsFactory, hub_client_env: Path
) -> None:
    endpoint = flaky(standins_factory, malformed=True, times=1)
    broken = httpx.get(f"{endpoint}/api/models/org/flaky")
    healed = httpx.get(f"{endpoint}/api/models/org/flaky")
    with pytest.raises(ValueError, match="Expecting|Unterminated|JSON"):
        broken.json()
    assert healed.json()["id"] == "org/flaky"


def test_the_loader_builds_the_new_fields() -> None:
    manifest = parse_manifest({**MODEL, "fault": {"status": 429, "retry_after": 3, "times": 2}})
    assert manifest.fault == Fault(status=429, retry_after=3, times=2)


@pytest.mark.parametrize(
    ("fault", "field", "fragment"),
    [
        ({"retry_after": 3}, "fault", "'status' is a dependency of 'retry_after'"),
        ({"status": 429, "times": 0}, "fault.times", "minimum"),
        ({"status": 429, "retry_after": -1}, "fault.retry_after", "minimum"),
        ({"status": 429, "retry_after": "soon"}, "fault.retry_after", "integer"),
    ],
)
def test_bad_fault_fields_are_named(fault: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(ManifestError) as raised:
        parse_manifest({**MODEL, "fault": fault})
    found = {(issue.field, issue.message) for issue in raised.value.issues}
    assert any(f == field and fragment in m for f, m in found), found
