"""Real adapters against loopback stand-ins: environment, settings and a silent server.

The Hub client reads HF_* at import time, so they are set here before any test module
imports it; nothing ever leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

os.environ["HF_TOKEN"] = ""
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="registry-hf-home-"))
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost,::1"
os.environ.pop("HF_HUB_OFFLINE", None)

from standins.pytest_plugin import (  # noqa: F401 - fixtures re-exported
    standins_factory,
    standins_module_factory,
)
from tests.integration.checks.standin_support import SilentServer


@pytest.fixture(scope="module")
def silent_server() -> Iterator[SilentServer]:
    """A loopback port that accepts and then stalls every request."""
    server = SilentServer()
    yield server
    server.close()
