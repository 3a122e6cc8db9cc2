"""No stored or served field holds a path of the machine that imported a file."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Claim
from tests.integration.interop.conftest import (
    MOF_SAMPLES,
    OSAI_SAMPLES,
    csrf_of,
    sign_in_admin,
)

RELEASES = [
    "/labs/allen-institute-for-ai/olmo-7b",
    "/labs/ai2/olmo-3-1-32b-think",
]


def served(client: FlaskClient) -> list[str]:
    """Every page and API answer that shows a claim or exports one."""
    answers = []
    for page in RELEASES:
        lab, slug = page.removeprefix("/labs/").split("/")
        base = f"/api/v1/labs/{lab}/releases/{slug}"
        for url in (page, f"{base}/frameworks", f"{base}/mof.yaml", f"{base}/aibom.cdx.json"):
            reply = client.get(url)
            assert reply.status_code == 200, url
            answers.append(reply.get_data(as_text=True))
    answers.append(client.get("/api/v1/export.json").get_data(as_text=True))
    answers.append(client.get("/api/v1/export.csv?table=claims").get_data(as_text=True))
    return answers


def test_no_stored_or_served_field_contains_a_server_path(
    tmp_path: Path, runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    folder = tmp_path / "deep" / "server" / "folder"
    folder.mkdir(parents=True)
    shutil.copy(MOF_SAMPLES / "OLMo-7B.yml", folder)
    shutil.copy(OSAI_SAMPLES / "OLMo.yaml", folder)
    for source, name in (("mof", "OLMo-7B.yml"), ("osai", "OLMo.yaml")):
        result = runner.invoke(args=["registry", "import", source, str(folder / name)])
        assert result.exit_code == 0, result.output
    # An upload whose browser sent the uploader's whole path.
    sign_in_admin(client)
    client.post("/admin/import", data={
        "csrf_token": csrf_of(client, "/admin/import"), "source": "mof",
        "files": [(io.BytesIO((MOF_SAMPLES / "Amber.yml").read_bytes()),
                   "/home/someone/models/Amber.yml")],
    }, content_type="multipart/form-data")  # fmt: skip
    markers = (str(tmp_path), "deep/server", "/home/someone", "someone")
    rows = db.session.scalars(select(Claim)).all()
    assert sorted(c.source_file for c in rows) == ["Amber.yml", "OLMo-7B.yml", "OLMo.yaml"]
    stored = [json.dumps(c.payload) + str(c.source_file) for c in rows]
    for text in [*stored, *served(client)]:
        for marker in markers:
            assert marker not in text, marker
