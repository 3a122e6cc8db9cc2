"""Score-history charts: server-rendered SVG (pygal), shown as images beside a table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from math import ceil
from typing import Any, Protocol

import pygal
from flask import Response
from pygal.style import Style

from app.security import SVG_CONTENT_SECURITY_POLICY
from app.services import history, trends
from app.web import bp

CHART_STYLE_VALUES: dict[str, Any] = dict(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#d0d7de",
    colors=("#0969da",),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
)
CHART_STYLE = Style(**CHART_STYLE_VALUES)
# How x-axis moments are written: the time of day only when every point is on one day
# (the day then goes in the title), else dates, with the year once points span years.
TIME_OF_DAY = "%H:%M"
DAY_IN_YEAR = "%d %b"
FULL_DATE = "%d %b %Y"
MAX_X_LABELS = 8  # more than this overlap at 720 px, even rotated
# pygal always adds a <script> with its tooltip config; an image needs none.
SCRIPT_RE = re.compile(rb"<script\b.*?</script>", re.S)


class ScorePoint(Protocol):
    """A history entry as a chart reads it: when, and the score then (None: unverified)."""

    @property
    def at(self) -> datetime: ...

    @property
    def score(self) -> int | None: ...


def history_svg(title: str, points: Sequence[ScorePoint]) -> bytes:
    """Return an SVG line chart of scores (0-100) over time, without scripts.

    `points` are history entries, newest first, as app.services.history lists them.
    """
    values = chart_points(points)
    moments = [at for at, _ in values]
    pattern = axis_pattern(moments)
    chart = pygal.DateTimeLine(
        style=CHART_STYLE,
        js=(),
        width=720,
        height=260,
        range=(0, 100),
        show_legend=False,
        title=chart_title(title, moments),
        x_label_rotation=20,
        show_x_guides=False,
        dots_size=4,
        truncate_label=-1,
        x_value_formatter=lambda at: at.strftime(pattern),
        no_data_text="No score recorded yet",
        # With nothing to draw pygal would still label empty axes (00:00 ten times).
        show_x_labels=bool(values),
        show_y_labels=bool(values),
        show_y_guides=bool(values),
    )
    if values:  # no series at all: pygal then draws its no-data text, not empty axes
        chart.x_labels = axis_labels(moments, pattern)
        chart.add("Score", values)
    return SCRIPT_RE.sub(b"", chart.render())


def chart_points(points: Sequence[ScorePoint]) -> list[tuple[datetime, int]]:
    """Return (moment, score) oldest first, one point per change of the score.

    Entries without a score (unverified) are not drawn; an entry whose score equals the
    one before (a verdict moved, or a re-score) adds no point: the line already says it.
    """
    found: list[tuple[datetime, int]] = []
    for point in reversed(points):
        score = point.score
        if score is not None and (not found or found[-1][1] != score):
            found.append((point.at, score))
    return found


def axis_pattern(moments: Sequence[datetime]) -> str:
    """Return the strftime pattern of x labels: a time within one day, else a date."""
    if not moments or len({m.date() for m in moments}) == 1:
        return TIME_OF_DAY
    if len({m.year for m in moments}) == 1:
        return DAY_IN_YEAR
    return FULL_DATE


def axis_labels(
    moments: Sequence[datetime], pattern: str, limit: int = MAX_X_LABELS
) -> list[datetime]:
    """Return the moments to label: the first of each distinct label, at most `limit`.

    Two points written the same ("02 Dec" twice) get one label; past `limit`, labels are
    spread evenly and the first and last are always kept.
    """
    distinct: dict[str, datetime] = {}
    for moment in sorted(moments):
        distinct.setdefault(moment.strftime(pattern), moment)
    labelled = list(distinct.values())
    if len(labelled) <= limit:
        return labelled
    step = (len(labelled) - 1) / (limit - 1)
    return [labelled[round(i * step)] for i in range(limit)]


def chart_title(title: str, moments: Sequence[datetime]) -> str:
    """Return the title, naming the day when the axis shows only times of day."""
    if moments and axis_pattern(moments) == TIME_OF_DAY:
        return f"{title} ({moments[0].strftime(FULL_DATE)}, UTC)"
    return title


# The page's tier colours (registry.css), in series order: A to E, then not yet verified.
TIER_COLOURS = ("#1a7f37", "#4d7c0f", "#0969da", "#9a6700", "#6e7781", "#d0d7de")
# Opaque, so the bars are the colours the page's chips and bars use.
TIER_STYLE = Style(
    **{**CHART_STYLE_VALUES, "colors": TIER_COLOURS, "opacity": "1", "opacity_hover": "1"}
)


def tier_share_svg(points: Sequence[trends.TierPoint]) -> bytes:
    """Return a stacked bar chart of the share of releases per tier, one bar per period."""
    chart = pygal.StackedBar(
        style=TIER_STYLE,
        js=(),
        width=720,
        height=300,
        range=(0, 100),
        title="Share of releases per tier (%)",
        legend_at_bottom=True,
        legend_at_bottom_columns=6,
        truncate_legend=-1,
        x_label_rotation=20,
        truncate_label=-1,
        show_minor_x_labels=False,
        # Empty, pygal would count x labels it does not have.
        x_labels_major_every=max(1, ceil(len(points) / MAX_X_LABELS)) if points else None,
        no_data_text="No release scored yet",
        show_y_labels=bool(points),
    )
    if points:
        chart.x_labels = [p.period for p in points]
        for index, share in enumerate(points[0].tiers):
            name = f"Tier {share.letter}" if share.letter else share.name
            chart.add(name, [p.tiers[index].percent for p in points])
    return SCRIPT_RE.sub(b"", chart.render())


def _svg_response(body: bytes) -> Response:
    response = Response(body, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_CONTENT_SECURITY_POLICY
    # Pages link the chart with ?v=<score version>, so a cached copy is never out of date.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/labs/<lab>/history.svg")
def lab_history_chart(lab: str) -> Response:
    """Chart a lab's mean score over time."""
    points = history.lab_history(lab).entries
    return _svg_response(history_svg("Lab score over time", points))


@bp.get("/labs/<lab>/<release>/history.svg")
def release_history_chart(lab: str, release: str) -> Response:
    """Chart a release's score over time."""
    points = history.release_history(lab, release).entries
    return _svg_response(history_svg("Release score over time", points))


@bp.get("/tiers.svg")
def tier_share_chart() -> Response:
    """Chart the share of releases per tier over time."""
    return _svg_response(tier_share_svg(trends.tier_trends().points))
