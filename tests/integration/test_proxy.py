"""Behind a trusted proxy, the client address comes from X-Forwarded-For; otherwise never."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import request

from app import create_app
from tests.conftest import app_config


@pytest.mark.parametrize(("hops", "seen"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_forwarded_for_is_trusted_only_when_configured(
    hops: int, seen: str, sqlite_url: str, tmp_path: Path
) -> None:
    app = create_app(app_config(sqlite_url, tmp_path, REGISTRY_PROXY_HOPS=hops))

    @app.get("/_whoami")
    def whoami() -> str:
        return request.remote_addr or ""

    response = app.test_client().get(
        "/_whoami", headers={"X-Forwarded-For": "203.0.113.7"}, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert response.get_data(as_text=True) == seen
