"""Score-history charts: server-rendered SVG (pygal), shown as images beside a table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pygal
from flask import Response
from pygal.style import Style

from app.security import SVG_CONTENT_SECURITY_POLICY
from app.services import history
from app.web import bp

CHART_STYLE = Style(
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
# How x-axis dates are written, by the time the history spans: the finest unit that varies.
DATE_FORMATS: tuple[tuple[timedelta, str], ...] = (
    (timedelta(hours=1), "%H:%M:%S"),
    (timedelta(days=2), "%d %b %H:%M"),
    (timedelta(days=365), "%d %b"),
    (timedelta.max, "%b %Y"),
)
# pygal always adds a <script> with its tooltip config; an image needs none.
SCRIPT_RE = re.compile(rb"<script\b.*?</script>", re.S)


def history_svg(title: str, points: Sequence[dict[str, Any]]) -> bytes:
    """Return an SVG line chart of scores (0-100) over time, without scripts.

    `points` are history entries, newest first, as app.services.history lists them.
    """
    values: list[tuple[datetime, int]] = [
        (point["at"], point["score"]) for point in reversed(points) if point["score"] is not None
    ]
    pattern = date_format([at for at, _ in values])
    chart = pygal.DateTimeLine(
        style=CHART_STYLE,
        js=(),
        width=720,
        height=260,
        range=(0, 100),
        show_legend=False,
        title=title,
        x_label_rotation=20,
        show_x_guides=False,
        dots_size=4,
        truncate_label=-1,
        x_value_formatter=lambda at: at.strftime(pattern),
        no_data_text="No score recorded yet",
    )
    chart.add("Score", values)
    return SCRIPT_RE.sub(b"", chart.render())


def date_format(moments: Sequence[datetime]) -> str:
    """Return the strftime pattern for x labels spanning these moments."""
    span = max(moments) - min(moments) if moments else timedelta(0)
    return next(pattern for longest, pattern in DATE_FORMATS if span < longest)


def _svg_response(body: bytes) -> Response:
    response = Response(body, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_CONTENT_SECURITY_POLICY
    # Pages link the chart with ?v=<score version>, so a cached copy is never out of date.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/labs/<lab>/history.svg")
def lab_history_chart(lab: str) -> Response:
    """Chart a lab's mean score over time."""
    points = history.lab_history(lab)["entries"]
    return _svg_response(history_svg("Lab score over time", points))


@bp.get("/labs/<lab>/<release>/history.svg")
def release_history_chart(lab: str, release: str) -> Response:
    """Chart a release's score over time."""
    points = history.release_history(lab, release)["entries"]
    return _svg_response(history_svg("Release score over time", points))
