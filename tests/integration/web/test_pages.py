"""Read pages: leaderboard, release list, lab and release pages, the standard, history charts."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from registry.licences import licence_tables
from tests.factories import make_lab, make_release
from tests.integration.web.conftest import record_check


def text(response: object) -> str:
    """Return a response body as text."""
    return response.get_data(as_text=True)  # type: ignore[attr-defined]


def test_leaderboard_sorts_by_each_column(client: FlaskClient) -> None:
    small = make_lab(name="Aardvark Lab")
    big = make_lab(name="Zebra Lab")
    record_check(make_release(small), verdict="restricted")
    for _ in range(2):
        record_check(make_release(big), verdict="open")
    by_score = text(client.get("/"))
    assert by_score.index("Zebra Lab") < by_score.index("Aardvark Lab")
    by_name = text(client.get("/?sort=name"))
    assert by_name.index("Aardvark Lab") < by_name.index("Zebra Lab")
    assert 'aria-sort="ascending"' in by_name
    assert client.get("/?sort=bogus").status_code == 200


def test_leaderboard_draws_the_tier_distribution_without_inline_style(client: FlaskClient) -> None:
    lab = make_lab(name="Tiered")
    record_check(make_release(lab), verdict="open")
    make_release(lab)
    page = text(client.get("/"))
    assert re.search(r'<rect class="fill-tier-C" x="0.00" y="0" width="50.00"', page)
    # The unchecked release has no tier: a segment of its own, never counted as tier E.
    assert re.search(r'<rect class="fill-unverified" x="50.00" y="0" width="50.00"', page)
    assert "1 in tier C, 1 not yet verified" in page
    assert "1 of 2 releases verified" in page
    assert "style=" not in page


def test_release_list_filters_by_tier_verdict_and_name(client: FlaskClient) -> None:
    lab = make_lab()
    record_check(make_release(lab, name="Open One"), verdict="open")
    make_release(lab, name="Unchecked Two")
    page = text(client.get("/releases?tier=C"))
    assert "Open One" in page and "Unchecked Two" not in page
    page = text(client.get("/releases?weights=unverified"))
    assert "Unchecked Two" in page and "Open One" not in page
    page = text(client.get("/releases?q=two"))
    assert "Unchecked Two" in page and "Open One" not in page
    assert "1 release" in page


def test_release_list_explains_a_bad_filter_and_ignores_it(client: FlaskClient) -> None:
    make_release(name="Listed Anyway")
    page = client.get("/releases?tier=Z&released_after=yesterday")
    body = text(page)
    assert page.status_code == 200
    assert 'id="f-tier-error"' in body and "Must be one of" in body
    assert 'id="f-released_after-error"' in body
    assert "Listed Anyway" in body


def test_release_list_paginates_and_keeps_filters(client: FlaskClient) -> None:
    lab = make_lab()
    for index in range(27):
        make_release(lab, name=f"Many {index:02d}")
    page = text(client.get(f"/releases?lab={lab.slug}&sort=name"))
    assert "page 1 of 2" in page
    assert f"lab={lab.slug}" in page and "page=2" in page
    second = text(client.get(f"/releases?lab={lab.slug}&sort=name&page=2"))
    assert "Many 26" in second and "Many 00" not in second


def test_release_page_shows_verdicts_in_words_and_the_evidence(client: FlaskClient) -> None:
    release = make_release(name="Evident 7B")
    record_check(release)
    page = text(client.get(f"/labs/{release.lab.slug}/{release.slug}"))
    assert '<span class="chip verdict verdict-open">open</span>' in page
    assert '<span class="chip verdict verdict-absent">absent</span>' in page  # code: none declared
    assert "<details" in page and "model.safetensors" in page
    assert "14 GB" in page  # file sizes, human-readable
    assert "0123456789abcdef0123456789abcdef01234567" in page  # the revision
    assert "http://127.0.0.1:9/hub" in page  # the endpoint asked
    assert "Apache-2.0" in page and "from model card metadata" in page
    assert "<time datetime=" in page


def test_release_page_marks_stale_evidence(client: FlaskClient) -> None:
    from datetime import timedelta

    from app.models import utcnow

    release = make_release()
    record_check(release, checked_at=utcnow() - timedelta(days=400))
    page = text(client.get(f"/labs/{release.lab.slug}/{release.slug}"))
    assert 'class="chip chip-stale"' in page


def test_unchecked_release_says_unverified_and_shows_no_recheck_to_readers(
    client: FlaskClient,
) -> None:
    release = make_release()
    page = text(client.get(f"/labs/{release.lab.slug}/{release.slug}"))
    assert "Not checked yet" in page
    assert "this claim is <strong>unverified</strong>" in page
    assert "Re-check now" not in page


def test_badge_panel_gives_absolute_snippets_in_three_languages(client: FlaskClient) -> None:
    release = make_release(name="Badge Me")
    lab = release.lab.slug
    page = text(client.get(f"/labs/{lab}/{release.slug}"))
    badge = f"http://localhost/badges/{lab}/{release.slug}.svg"
    target = f"http://localhost/labs/{lab}/{release.slug}"
    assert f"[![Badge Me: openness]({badge})]({target})" in page
    assert f"&lt;a href=&#34;{target}&#34;&gt;&lt;img src=&#34;{badge}&#34;" in page
    assert f".. image:: {badge}\n   :target: {target}" in page
    assert f"http://localhost/badges/{lab}/{release.slug}/weights.svg" in page
    assert f'src="{badge}?v=' in page  # the preview follows the score version
    lab_page = text(client.get(f"/labs/{lab}"))
    assert f"http://localhost/badges/{lab}.svg" in lab_page


def test_names_are_escaped_everywhere(client: FlaskClient) -> None:
    lab = make_lab(name="<script>alert('lab')</script>")
    release = make_release(lab, name='"><img src=x onerror=alert(1)>')
    for url in ("/", "/releases", f"/labs/{lab.slug}", f"/labs/{lab.slug}/{release.slug}"):
        page = text(client.get(url))
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url


def test_standard_page_explains_tiers_licences_checkers_and_words(client: FlaskClient) -> None:
    page = text(client.get("/about/standard"))
    for table in licence_tables():
        assert table.title in page
    assert "llama3.1" in page  # a row of the model licence table
    assert "Model weights on the Hugging Face Hub" in page  # a checker's title
    assert 'id="unverified"' in page and 'id="stale"' in page
    assert "Tier A" in page and "Open science" in page


def test_history_chart_is_an_svg_image_with_a_table_beside_it(client: FlaskClient) -> None:
    release = make_release()
    record_check(release)
    lab = release.lab.slug
    chart = client.get(f"/labs/{lab}/{release.slug}/history.svg")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert b"<script" not in chart.data
    assert "script-src" not in chart.headers["Content-Security-Policy"]
    page = text(client.get(f"/labs/{lab}/{release.slug}"))
    assert f'src="/labs/{lab}/{release.slug}/history.svg?v=' in page
    assert "The score history as a table" in page
    assert client.get(f"/labs/{lab}/history.svg").status_code == 200
    assert client.get("/labs/ghost/history.svg").status_code == 404

