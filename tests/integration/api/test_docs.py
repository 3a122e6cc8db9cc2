"""The spec at /api/openapi.json and the docs page at /api/docs, served from our own files."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskClient

STATIC = Path(__file__).resolve().parents[3] / "app" / "static" / "apidocs"
ENDPOINTS = {
    "/api/v1/labs": {"get", "post"},
    "/api/v1/labs/{lab}": {"get", "patch", "delete"},
    "/api/v1/releases": {"get"},
    "/api/v1/labs/{lab}/releases": {"get", "post"},
    "/api/v1/labs/{lab}/releases/{release}": {"get", "delete"},
    "/api/v1/labs/{lab}/releases/{release}/artifacts": {"put"},
    "/api/v1/labs/{lab}/releases/{release}/checks": {"get", "post"},
    "/api/v1/labs/{lab}/releases/{release}/checks/{run_id}": {"get"},
    "/api/v1/compare": {"get"},
    "/api/v1/tiers": {"get"},
}


class PageParts(HTMLParser):
    """Collect a page's scripts, the URLs it names and any inline script text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.urls: list[str] = []
        self.inline_script = ""
        self.spec_url = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append(values.get("src") or "")
        self.urls += [v for k, v in attrs if k in {"src", "href"} and v]
        self.spec_url = values.get("data-spec-url") or self.spec_url
        assert not any(k.startswith("on") for k in values), f"inline handler on <{tag}>"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_script += data.strip()


def test_spec_lists_every_endpoint_with_bearer_writes(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path, methods in ENDPOINTS.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            secured = paths[path][method].get("security") == [{"bearerAuth": []}]
            assert secured is (method != "get"), (method, path)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert paths["/api/v1/labs"]["get"]["responses"]["200"]["headers"].keys() >= {
        "X-Pagination", "Link", "ETag"}


def test_docs_page_uses_only_shipped_files_and_no_inline_script(client: FlaskClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    page = PageParts()
    page.feed(response.get_data(as_text=True))
    assert page.inline_script == ""
    assert page.scripts == ["/static/apidocs/swagger-ui-bundle.js", "/static/apidocs/docs.js"]
    assert page.spec_url == "/api/openapi.json"
    assert "http://" not in response.get_data(as_text=True)
    assert "https://" not in response.get_data(as_text=True)
    for url in page.urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/"), url
        asset = client.get(url)
        asset.close()  # a static file is streamed from disk
        assert asset.status_code == 200, url


def test_the_vendored_assets_load_nothing_from_elsewhere() -> None:
    starter = (STATIC / "docs.js").read_text(encoding="utf-8")
    assert "validatorUrl: null" in starter, "Swagger UI would send the spec to its validator"
    assert "url: root.dataset.specUrl" in starter
    assert "sourceMappingURL" not in (STATIC / "swagger-ui.css").read_text(encoding="utf-8")
    assert (STATIC / "LICENSE.swagger-ui").is_file()
