"""A Hub 429 is its own failure: rate_limited, after its Retry-After was waited out up to a cap.

The stand-in answers 429 with Retry-After to a repo's first N requests, then normally, as
the Hub does once the window resets; the real huggingface_hub client reads it.
"""

from __future__ import annotations

from typing import Any

import pytest

from registry.adapters.hub import HubAdapter
from registry.adapters.settings import STATUS_FAILURES, failure_for_status
from registry.model import FailureKind
from registry.ports import AdapterError
from standins.pytest_plugin import StandInsFactory
from tests.integration.checks.standin_support import loopback_settings

REPO = "lab/busy"


def busy_hub(factory: StandInsFactory, **fault: Any) -> Any:
    manifest = {"kind": "model", "id": REPO, "tags": ["license:apache-2.0"],
                "files": [{"path": "config.json", "content": "{}"}],
                "fault": {"status": 429, **fault}}
    return factory({"hub/models/busy.yml": manifest})


@pytest.mark.parametrize(
    ("status", "kind"),
    [(429, FailureKind.RATE_LIMITED), (500, FailureKind.SERVER_ERROR),
     (503, FailureKind.SERVER_ERROR), (404, FailureKind.NOT_FOUND)],
)
def test_the_status_table_gives_429_its_own_kind(status: int, kind: FailureKind) -> None:
    assert failure_for_status(status) is kind
    assert STATUS_FAILURES[429] is FailureKind.RATE_LIMITED


def test_a_429_is_waited_out_and_the_call_then_succeeds(
    standins_factory: StandInsFactory,
) -> None:
    standins = busy_hub(standins_factory, retry_after=1, times=2)
    hub = HubAdapter(loopback_settings(standins, hub_retry_after_cap_s=5.0))
    info = hub.repo_info("model", REPO)
    assert info.sha is not None
    # Past its two 429s the repo answers normally again.
    listing = hub.list_files("model", REPO, info.sha)
    assert [f.path for f in listing.files] == ["config.json"]


def test_a_retry_after_past_the_cap_is_rate_limited_at_once(
    standins_factory: StandInsFactory,
) -> None:
    standins = busy_hub(standins_factory, retry_after=60)
    hub = HubAdapter(loopback_settings(standins, hub_retry_after_cap_s=2.0))
    with pytest.raises(AdapterError) as raised:
        hub.repo_info("model", REPO)
    assert raised.value.kind is FailureKind.RATE_LIMITED
    assert "rate-limited by the Hub" in raised.value.message
    assert "60 s" in raised.value.message and "2 s" in raised.value.message


def test_waits_stop_when_the_budget_is_spent(standins_factory: StandInsFactory) -> None:
    standins = busy_hub(standins_factory, retry_after=1, times=5)
    hub = HubAdapter(loopback_settings(standins, hub_retry_after_cap_s=2.0))
    with pytest.raises(AdapterError) as raised:
        hub.repo_info("model", REPO)
    assert raised.value.kind is FailureKind.RATE_LIMITED
    assert "2 s waited already" in raised.value.message


def test_a_429_without_retry_after_is_rate_limited_without_waiting(
    standins_factory: StandInsFactory,
) -> None:
    standins = busy_hub(standins_factory)
    hub = HubAdapter(loopback_settings(standins, hub_retry_after_cap_s=30.0))
    with pytest.raises(AdapterError) as raised:
        hub.repo_info("model", REPO)
    assert raised.value.kind is FailureKind.RATE_LIMITED
    assert "no Retry-After" in raised.value.message
