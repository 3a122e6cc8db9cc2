"""Every state in every style renders as well-formed SVG that says what the spec says, escaped;
the JSON form is valid shields endpoint data; each distinct badge is rendered once."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from app.badges import for_the_badge
from app.badges.design import (
    BRIGHTGREEN,
    LABEL_GREY,
    LIGHTGREY,
    BadgeSpec,
    lab_spec,
    not_found_spec,
    pillar_spec,
    release_spec,
)
from app.badges.render import SVG_STYLES, render_svg, rendered, shields_json
from app.services.badges import BadgeState, LabBadgeFacts, ReleaseBadgeFacts
from registry.model import Pillar, Verdict
from tests.unit.badges.svg_reading import parse_badge

SCHEMA = json.loads((Path(__file__).parent / "shields-endpoint.schema.json").read_text("utf-8"))
STYLES = sorted(SVG_STYLES)
HEIGHTS = {"flat": 20, "flat-square": 20, "for-the-badge": 28}

RELEASE = ReleaseBadgeFacts(
    lab_slug="allenai",
    lab_name="Ai2",
    slug="olmo-2",
    name="OLMo 2",
    tier="A",
    verdicts=tuple((p, Verdict.OPEN) for p in Pillar),
    checked=True,
    state=BadgeState.VERIFIED,
    score_version=1,
)
LAB = LabBadgeFacts(
    slug="allenai",
    name="Ai2",
    score=95,
    release_count=4,
    tier_a_count=3,
    checked=True,
    state=BadgeState.VERIFIED,
    score_version=1,
)
# One spec per state a reader can meet.
SPECS = {
    "release verified": release_spec(RELEASE),
    "release stale": release_spec(replace(RELEASE, state=BadgeState.STALE)),
    "release check failed": release_spec(replace(RELEASE, state=BadgeState.CHECK_FAILED)),
    "release unverified": release_spec(
        replace(RELEASE, checked=False, state=BadgeState.UNVERIFIED)
    ),
    "pillar absent": pillar_spec(
        replace(RELEASE, verdicts=((Pillar.DATA, Verdict.ABSENT),)), Pillar.DATA
    ),
    "pillar unverified": pillar_spec(
        replace(RELEASE, verdicts=((Pillar.CODE, Verdict.UNVERIFIED),)), Pillar.CODE
    ),
    "lab verified": lab_spec(LAB),
    "lab stale": lab_spec(replace(LAB, state=BadgeState.STALE)),
    "lab unverified": lab_spec(replace(LAB, checked=False, state=BadgeState.UNVERIFIED)),
    "not found": not_found_spec("openness"),
    "message only": release_spec(RELEASE, ""),
}
HOSTILE = "<script>alert(\"x\")</script> & 'quotes' é 漢字 🤖 ]]> <!-- -->"


def shown(text: str, style: str) -> str:
    return text.upper() if style == "for-the-badge" else text


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", list(SPECS))
def test_every_state_renders_as_svg_that_says_what_the_spec_says(name: str, style: str) -> None:
    spec = SPECS[name]
    badge = parse_badge(render_svg(spec, style))
    expected_texts = tuple(shown(t, style) for t in (spec.label, spec.message) if t)
    assert badge.texts == expected_texts
    assert badge.title == spec.title
    assert spec.color in badge.fills
    assert (LABEL_GREY in badge.fills) == bool(spec.label)
    assert badge.height == HEIGHTS[style]


@pytest.mark.parametrize("style", STYLES)
def test_stale_and_failed_badges_say_so_in_a_dimmed_colour(style: str) -> None:
    for name, word in (("release stale", "STALE"), ("release check failed", "CHECK FAILED")):
        badge = parse_badge(render_svg(SPECS[name], style))
        assert word in badge.texts[-1].upper()
        assert BRIGHTGREEN not in badge.fills
        assert SPECS[name].color in badge.fills


@pytest.mark.parametrize("style", STYLES)
def test_not_found_is_grey(style: str) -> None:
    badge = parse_badge(render_svg(SPECS["not found"], style))
    assert badge.texts[-1] == shown("not found", style)
    assert LIGHTGREY in badge.fills


@pytest.mark.parametrize("style", STYLES)
def test_hostile_text_is_escaped_and_reads_back_unchanged(style: str) -> None:
    spec = BadgeSpec(label=HOSTILE, message=f"{HOSTILE}!", color=BRIGHTGREEN, title=HOSTILE)
    svg = render_svg(spec, style)
    assert "<script" not in svg.lower()
    assert "]]>" not in svg and "<!--" not in svg
    badge = parse_badge(svg)  # well-formed: nothing broke out of its element or attribute
    assert badge.texts == (shown(HOSTILE, style), shown(f"{HOSTILE}!", style))
    assert badge.title == HOSTILE
    assert [e.tag.split("}")[1] for e in badge.root.iter()].count("script") == 0


@pytest.mark.parametrize("style", STYLES)
def test_longer_text_makes_a_wider_badge_by_its_real_glyph_widths(style: str) -> None:
    def width(message: str) -> float:
        return parse_badge(
            render_svg(replace(SPECS["release verified"], message=message), style)
        ).width

    assert width("iiii") < width("mmmm")  # same length, different glyphs
    assert width("open") < width("open science")


def test_for_the_badge_lays_out_like_badge_maker() -> None:
    spec = SPECS["release verified"]
    badge = parse_badge(for_the_badge.render(spec))
    rects = list(badge.root.iter("{http://www.w3.org/2000/svg}rect"))
    assert sum(float(r.get("width", "0")) for r in rects) == badge.width
    label, message = badge.root.iter("{http://www.w3.org/2000/svg}text")
    assert message.get("font-weight") == "bold" and label.get("font-weight") is None
    label_width = for_the_badge.text_width("OPENNESS", for_the_badge.regular_measurer())
    assert float(rects[0].get("width", "0")) == label_width + 2 * for_the_badge.TEXT_MARGIN


def test_for_the_badge_measures_bold_text_wider_than_regular() -> None:
    text = "TIER A · OPEN SCIENCE"
    regular = for_the_badge.text_width(text, for_the_badge.regular_measurer())
    assert for_the_badge.text_width(text, for_the_badge.bold_measurer()) > regular


@pytest.mark.parametrize(
    ("background", "text"),
    [("#555", "#fff"), ("#4c1", "#fff"), ("#fff", "#333"), ("#dfb317", "#fff")],
)
def test_for_the_badge_picks_readable_text(background: str, text: str) -> None:
    assert for_the_badge.text_colour(background) == text


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", list(SPECS))
def test_json_is_valid_shields_endpoint_data(name: str, style: str) -> None:
    spec = SPECS[name]
    data = json.loads(rendered(spec, style, "json", 300).body)
    jsonschema.validate(data, SCHEMA)
    assert data == shields_json(spec, style, 300)
    assert (data["label"], data["message"], data["color"]) == (spec.label, spec.message, spec.color)
    assert data["isError"] is spec.is_error
    assert data["cacheSeconds"] == 300


def test_the_schema_rejects_what_shields_rejects() -> None:
    good = shields_json(SPECS["release verified"], "flat", 300)
    for bad in (
        {**good, "schemaVersion": 2},
        {**good, "message": ""},
        {**good, "unknown": 1},
        {**good, "cacheSeconds": -1},
        {k: v for k, v in good.items() if k != "label"},
        {**good, "namedLogo": "github", "logoSvg": "<svg/>"},
        {**good, "logoWidth": 10},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMA)


def test_json_keeps_hostile_text_as_data() -> None:
    spec = BadgeSpec(label=HOSTILE, message=HOSTILE, color=BRIGHTGREEN, title=HOSTILE)
    data = json.loads(rendered(spec, "flat", "json", 60).body)
    assert data["label"] == HOSTILE and data["message"] == HOSTILE


def test_each_distinct_badge_is_rendered_once_and_keyed_by_its_content() -> None:
    spec = replace(SPECS["release verified"], title="memo test")
    first = rendered(spec, "flat", "svg", 300)
    hits = rendered.cache_info().hits
    assert rendered(replace(spec), "flat", "svg", 300) is first  # an equal spec hits the cache
    assert rendered.cache_info().hits == hits + 1
    other = rendered(replace(spec, message="tier B · open model and code"), "flat", "svg", 300)
    assert other.etag != first.etag
    assert rendered(spec, "flat-square", "svg", 300).etag != first.etag
    assert rendered(spec, "flat", "json", 300).etag != first.etag
