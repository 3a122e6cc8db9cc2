"""A rejected release form's summary names the pillar and the field, and a refused URL shows
an example that fits the field (no GitHub example for a download URL)."""

from __future__ import annotations

import html

from tests.factories import make_lab
from tests.integration.web.conftest import post_form
from tests.integration.web.test_forms import MemberClient, release_form


def test_the_summary_says_which_pillar_and_field(member_client: MemberClient) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    page = post_form(client, f"/labs/{lab.slug}/releases/new", release_form(**{
        "weights_artifacts-0-locator": "not a hub id",
        "data_artifacts-0-locator": "also not one",
    })).get_data(as_text=True)
    start = page.index('class="error-summary"')
    summary = html.unescape(page[start:page.index("</ul>", start)])
    assert "Model weights — Location</a>: not a Hub repo id: use owner/name, e.g. allenai/OLMo-7B." in summary
    assert "Training data — Location</a>: not a Hub repo id: use owner/name, e.g. allenai/dolma." in summary


def test_a_download_url_error_shows_a_download_example(member_client: MemberClient) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    page = post_form(client, f"/labs/{lab.slug}/releases/new", release_form(**{
        "data_artifacts-0-kind": "url", "data_artifacts-0-locator": "ftp://example.org/x.gz",
    })).get_data(as_text=True)
    start = page.index('class="error-summary"')
    summary = html.unescape(page[start:page.index("</ul>", start)])
    assert "Training data — Location</a>: not a valid URL: use an https:// address, e.g. https://example.org/data/" in summary
    assert "github.com" not in summary
