"""Evidence on the release page: linkable, opened by ?evidence=, findings as rows, long lists cut."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.factories import make_release
from tests.integration.web.conftest import record_check

MANY_FILES = [{"path": f"data/part-{n:04d}.parquet", "size": 1000 + n} for n in range(100)]


def checked_release(**evidence: object) -> str:
    release = make_release()
    record_check(release, **evidence)
    return f"/labs/{release.lab.slug}/{release.slug}"


def details_tags(body: str) -> dict[str, str]:
    found = re.finditer(r'<details class="evidence" id="evidence-section-([^"]+)"[^>]*>', body)
    return {m.group(1): m.group(0) for m in found}


def test_evidence_query_opens_that_section_only(client: FlaskClient) -> None:
    url = checked_release()
    closed = details_tags(client.get(url).get_data(as_text=True))
    assert "weights-1" in closed and " open" not in closed["weights-1"]
    opened = details_tags(client.get(f"{url}?evidence=weights-1").get_data(as_text=True))
    assert opened["weights-1"].endswith(" open>")
    # Anything else opens nothing, and is never echoed into the page.
    body = client.get(f"{url}?evidence=<script>").get_data(as_text=True)
    assert all(" open" not in tag for tag in details_tags(body).values())
    assert "<script>" not in body.split("</main>")[0]


def test_each_section_links_to_itself_and_the_page_loads_the_opener(client: FlaskClient) -> None:
    url = checked_release()
    body = client.get(url).get_data(as_text=True)
    # The fragment names the box's first line: a browser opens a closed box to show it.
    assert (
        '<p class="evidence-permalink small" id="evidence-weights-1">'
        '<a href="?evidence=weights-1#evidence-weights-1">Link to this evidence</a>'
    ) in body
    assert '<script src="/static/js/evidence-links.js" defer></script>' in body
    with client.get("/static/js/evidence-links.js") as script:
        assert script.status_code == 200 and b"details" in script.data.lower()


def test_findings_are_labelled_rows_not_keys(client: FlaskClient) -> None:
    url = checked_release(facts={"gated": False, "parameter_total": 7_298_617_344,
                                 "header_read_cap": 32})  # fmt: skip
    body = client.get(url).get_data(as_text=True)
    assert '<th scope="row">Gated (access needs approval)</th>' in body
    assert "<td>7.30 B</td>" in body
    assert "header read cap" not in body and "Other findings" not in body


def test_a_long_file_list_shows_ten_and_links_the_rest(client: FlaskClient) -> None:
    url = checked_release(files=MANY_FILES, file_count=138)
    body = client.get(url).get_data(as_text=True)
    listed = re.findall(r"<td><code>data/part-\d+\.parquet</code></td>", body)
    assert len(listed) == 10
    assert "and 128 more: 90 in" in body and "the other 38 were counted, not kept" in body
    link = re.search(r'href="(/api/v1/labs/[^"]+/checks/\d+)">the files this check kept', body)
    assert link is not None
    run = client.get(link.group(1)).get_json()
    assert len(run["evidence"][0]["files"]) == 100


def test_a_short_file_list_is_shown_whole(client: FlaskClient) -> None:
    body = client.get(checked_release()).get_data(as_text=True)
    assert "the files this check kept" not in body and "counted, not kept" not in body


def test_files_counted_but_not_kept_are_said_so(client: FlaskClient) -> None:
    body = client.get(checked_release(file_count=12)).get_data(as_text=True)
    assert "The check kept these 2 files as evidence; the other 10 were counted, not kept." in body
