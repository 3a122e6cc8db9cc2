"""The admin upload form: administrators only, CSRF-protected, a report per file."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Claim, User
from tests.integration.interop.conftest import (
    MOF_SAMPLES,
    OSAI_SAMPLES,
    csrf_of,
    sign_in_admin,
)

URL = "/admin/import"


def upload(
    client: FlaskClient, source: str, *files: tuple[str, bytes], token: str | None = None
) -> TestResponse:
    data = {
        "csrf_token": token if token is not None else csrf_of(client, URL),
        "source": source,
        "files": [(io.BytesIO(body), name) for name, body in files],
    }
    return client.post(URL, data=data, content_type="multipart/form-data")


def test_only_administrators_see_the_form(client: FlaskClient) -> None:
    assert client.get(URL).status_code == 403


def test_an_admin_uploads_mof_files_and_reads_the_report(
    client: FlaskClient, dispatched: list[int]
) -> None:
    sign_in_admin(client)
    good = (MOF_SAMPLES / "OLMo-7B.yml").read_bytes()
    reply = upload(client, "mof", ("OLMo-7B.yml", good), ("broken.yml", b"release: [1\n"))
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    assert "Imported 1 of 2 files" in page
    assert "1 file imported nothing" in page
    assert "Malformed YAML at line 2, column 1" in page
    assert 'href="/labs/allen-institute-for-ai/olmo-7b"' in page
    assert "check #" in page and len(dispatched) == 1


def test_osai_files_upload_too(client: FlaskClient, dispatched: list[int]) -> None:
    sign_in_admin(client)
    reply = upload(client, "osai", ("OLMo.yaml", (OSAI_SAMPLES / "OLMo.yaml").read_bytes()))
    assert "Imported 1 of 1 file" in reply.get_data(as_text=True)
    assert db.session.scalar(select(Claim.source)) == "osai"


def test_the_form_needs_its_csrf_token(client: FlaskClient) -> None:
    sign_in_admin(client)
    reply = upload(client, "mof", ("OLMo-7B.yml", b"x"), token="forged")
    assert reply.status_code == 400
    assert db.session.scalar(select(Claim)) is None


def test_a_post_without_files_re_renders_with_the_message(client: FlaskClient) -> None:
    sign_in_admin(client)
    reply = client.post(URL, data={"csrf_token": csrf_of(client, URL), "source": "mof"})
    assert reply.status_code == 400
    assert "Choose at least one file to import." in reply.get_data(as_text=True)


def test_the_report_is_a_table_per_file_with_counts(
    client: FlaskClient, dispatched: list[int]
) -> None:
    sign_in_admin(client)
    mistral = (MOF_SAMPLES / "Mistral-7B-v0.1.yml").read_text()
    warned = mistral.replace("producer: Mistral", "producer: ''").encode()
    reply = upload(client, "mof", ("OLMo-7B.yml", (MOF_SAMPLES / "OLMo-7B.yml").read_bytes()),
                   ("empty-producer.yml", warned), ("broken.yml", b"release: [1\n"))  # fmt: skip
    page = reply.get_data(as_text=True)
    assert "1 imported, 1 imported with warnings, 1 refused." in page
    assert '<tr class="import-imported-with-warnings">' in page
    assert "<code>release.producer</code>: Empty (MOT&#39;s schema allows it)" in page
    assert "new claim (new release, 2 artifacts" in page


def test_the_report_downloads_as_json_on_request(
    client: FlaskClient, dispatched: list[int]
) -> None:
    sign_in_admin(client)
    data = {
        "csrf_token": csrf_of(client, URL), "source": "mof", "as_json": "y",
        "files": [(io.BytesIO((MOF_SAMPLES / "Amber.yml").read_bytes()), "Amber.yml"),
                  (io.BytesIO(b"release: [1\n"), "broken.yml")],
    }  # fmt: skip
    reply = client.post(URL, data=data, content_type="multipart/form-data")
    assert reply.status_code == 200
    assert reply.content_type == "application/json"
    assert "attachment" in reply.headers["Content-Disposition"]
    report = reply.get_json()
    assert report["counts"] == {"imported": 1, "imported with warnings": 0, "refused": 1}
    assert [f["status"] for f in report["files"]] == ["imported", "refused"]


def test_an_upload_is_recorded_as_the_admins_write_in_the_release_history(
    client: FlaskClient, dispatched: list[int]
) -> None:
    sign_in_admin(client)
    upload(client, "mof", ("OLMo-7B.yml", (MOF_SAMPLES / "OLMo-7B.yml").read_bytes()))
    history = client.get("/api/v1/labs/allen-institute-for-ai/releases/olmo-7b/history").json
    (write,) = history["writes"]
    assert (write["action"], write["via"], write["token"]) == ("release.import", "web", None)
    assert write["account"] == db.session.scalar(select(User.email))
    page = client.get("/labs/allen-institute-for-ai/olmo-7b").get_data(as_text=True)
    assert "imported a framework file into the release" in page and write["account"] in page
