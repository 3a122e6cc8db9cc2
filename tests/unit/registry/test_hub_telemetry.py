"""The Hub adapter keeps huggingface_hub from calling home: no request leaves the endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = (
    "import registry.adapters.hub\n"
    "from huggingface_hub import constants\n"
    "print(constants.HF_HUB_DISABLE_TELEMETRY)\n"
)


def telemetry_disabled_in_fresh_process(**env: str) -> str:
    # A fresh interpreter: the test session itself sets the variable (tests/conftest.py).
    clean = {k: v for k, v in os.environ.items()
             if k not in {"HF_HUB_DISABLE_TELEMETRY", "DISABLE_TELEMETRY", "DO_NOT_TRACK"}}
    result = subprocess.run(  # our interpreter, a fixed script
        [sys.executable, "-c", PROBE], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, check=True,
    )
    return result.stdout.strip()


def test_importing_the_adapter_turns_off_the_agent_registry_fetch_to_huggingface_co() -> None:
    # With telemetry on, the first request of each process also fetches
    # huggingface.co/api/agent-harnesses, whatever endpoint the adapter was given.
    assert telemetry_disabled_in_fresh_process() == "True"


def test_an_explicit_choice_in_the_environment_is_kept() -> None:
    assert telemetry_disabled_in_fresh_process(HF_HUB_DISABLE_TELEMETRY="0") == "False"
