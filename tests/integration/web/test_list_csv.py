"""The list pages as CSV: the same filters, one row per lab or release, formulas defused."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient

from tests.factories import make_lab, make_release
from tests.integration.web.conftest import record_check


def rows(client: FlaskClient, url: str) -> list[dict[str, str]]:
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))


def test_releases_csv_keeps_the_page_filters(client: FlaskClient) -> None:
    lab = make_lab(name="=HYPERLINK(1)")
    record_check(make_release(lab, name="Checked"))
    make_release(lab, name="Unchecked")
    found = rows(client, f"/releases.csv?lab={lab.slug}&status=verified")
    assert [r["name"] for r in found] == ["Checked"]
    (row,) = found
    assert row["status"] == "verified" and row["tier"] and row["weights"] == "open"
    assert row["lab_name"] == "'=HYPERLINK(1)"  # text to a spreadsheet, not a formula
    assert row["url"].endswith(f"/labs/{lab.slug}/{row['slug']}")
    everything = rows(client, f"/releases.csv?lab={lab.slug}&tier=Z")  # refused: ignored
    assert {r["name"] for r in everything} == {"Checked", "Unchecked"}
    unverified = next(r for r in everything if r["name"] == "Unchecked")
    assert (unverified["tier"], unverified["score"]) == ("", "")


def test_labs_csv_keeps_the_page_filters_and_sort(client: FlaskClient) -> None:
    first = make_lab(name="Zeta Lab", country="DE")
    record_check(make_release(first))
    make_lab(name="Alpha Lab", country="DE")
    make_lab(name="Elsewhere", country="JP")
    found = rows(client, "/labs.csv?country=DE&sort=name")
    assert [r["name"] for r in found] == ["Alpha Lab", "Zeta Lab"]
    zeta = found[1]
    assert sum(int(zeta[f"tier_{t}"]) for t in "ABCDE") == 1 and zeta["release_count"] == "1"


def test_pages_link_their_csv(client: FlaskClient) -> None:
    lab = make_lab()
    assert f'href="/releases.csv?lab={lab.slug}" type="text/csv"' in client.get(
        f"/releases?lab={lab.slug}"
    ).get_data(as_text=True)
    assert f'href="/releases.csv?lab={lab.slug}" type="text/csv"' in client.get(
        f"/labs/{lab.slug}"
    ).get_data(as_text=True)
