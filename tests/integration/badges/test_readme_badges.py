"""What the README says about badges holds: the URLs, styles, label, shields endpoint and copy boxes."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from app.badges.render import SVG_STYLES
from app.badges.text import LABEL_MAX_CHARS
from tests.factories import make_release

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
BADGES = README.split("## Badges", 1)[1].split("\n## ", 1)[0]


def test_the_readme_names_every_style_and_the_label_limit() -> None:
    for style in SVG_STYLES:
        assert f"`{style}`" in BADGES, style
    assert f"at most {LABEL_MAX_CHARS} characters" in BADGES


def test_every_documented_url_answers(client: FlaskClient) -> None:
    release = make_release()
    lab, slug = release.lab.slug, release.slug
    paths = re.findall(r"`(/badges/[^`]+\.svg)`", BADGES)
    assert len(paths) == 3
    for path in paths:
        url = path.replace("<lab>", lab).replace("<release>", slug).replace("<pillar>", "weights")
        assert client.get(url).status_code == 200, url
        assert client.get(url.replace(".svg", ".json")).status_code == 200, url
    for style in SVG_STYLES:
        assert client.get(f"/badges/{lab}/{slug}.svg?style={style}").status_code == 200
    assert client.get(f"/badges/{lab}/{slug}.svg?style=plastic").status_code == 400
    shields = client.get(f"/badges/{lab}/{slug}.json?label=").get_json()
    assert shields["schemaVersion"] == 1 and shields["label"] == ""
    assert {"label", "message", "color", "cacheSeconds"} <= shields.keys()
    assert client.get(f"/badges/{lab}/nothing-here.svg").status_code == 404


def test_the_pages_have_the_copy_boxes_the_readme_describes(client: FlaskClient) -> None:
    release = make_release()
    body = client.get(f"/labs/{release.lab.slug}/{release.slug}").get_data(as_text=True)
    for language in ("Markdown", "HTML", "reStructuredText"):
        assert language in BADGES and f">{language}</label>" in body
    assert "data-copy" in body and "/static/js/copy.js" in body
