"""Validators shared by the resource schemas, each with a message that says what to do."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from marshmallow import ValidationError, fields

from registry.licences import is_known_licence

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64
# Hub ids are owner/name: letters, digits, "-", "_", "."; no "--" or ".." and no leading
# or trailing separator (the Hub's own rule), at most 96 characters per part.
HUB_PART = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
HUB_ID_RE = re.compile(rf"^{HUB_PART}/{HUB_PART}$")
HUB_LEGACY_ID_RE = re.compile(rf"^{HUB_PART}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def validate_slug(value: str) -> None:
    """Refuse anything but lowercase letters, digits and single hyphens."""
    if len(value) > SLUG_MAX or not SLUG_RE.match(value):
        raise ValidationError(
            f"Not a valid slug: use lowercase letters, digits and single hyphens "
            f"(at most {SLUG_MAX} characters), e.g. {suggest_slug(value) or 'olmo-7b'}."
        )


def suggest_slug(value: str) -> str:
    """Turn a name such as 'Qwen2.5 7B' into a valid slug ('qwen2-5-7b')."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))[:SLUG_MAX].strip("-")


def validate_hub_id(value: str, example: str = "allenai/OLMo-7B") -> None:
    """Refuse anything that is not a Hub repo id of the form owner/name."""
    if not HUB_ID_RE.match(value) or "--" in value or ".." in value:
        raise ValidationError(f"Not a Hub repo id: use owner/name, e.g. {example}.")


def validate_hub_dataset_id(value: str) -> None:
    """Refuse anything but a Hub dataset id: owner/name, or a legacy owner-less name (c4)."""
    # Datasets made before the Hub had namespaces keep their bare name; the Hub serves them.
    if HUB_LEGACY_ID_RE.match(value) and ".." not in value and "--" not in value:
        return
    validate_hub_id(value, example="allenai/dolma")


HUB_OWNER_RE = re.compile(rf"^{HUB_PART}$")


def validate_hub_owner(value: str) -> None:
    """Refuse anything that is not a Hub user or organisation name."""
    if not HUB_OWNER_RE.match(value) or "--" in value or ".." in value:
        raise ValidationError("Not a Hub organisation: use its name as in huggingface.co/<name>.")


def validate_text(value: str) -> None:
    """Refuse control characters and lone surrogates (PostgreSQL cannot store NUL)."""
    if any(unicodedata.category(c) in {"Cc", "Cs"} for c in value):
        raise ValidationError("Remove the control characters (such as NUL or line breaks).")


# The example each kind of URL field shows when its value is refused: one that fits the field.
URL_EXAMPLES = {
    "page": "https://allenai.org/olmo",
    "paper": "https://arxiv.org/abs/2402.00838",
    "git": "https://github.com/allenai/OLMo",
    "download": "https://example.org/data/train-00000.jsonl.gz",
}


def validate_https_url(value: str, example: str = URL_EXAMPLES["page"]) -> None:
    """Refuse URLs that are not plain https:// addresses (no credentials, no options)."""
    validate_text(value)
    if value.startswith("-"):
        raise ValidationError("Not a valid URL: it must not start with a dash.")
    try:
        parts = urlsplit(value)
    except ValueError as error:  # e.g. an unclosed IPv6 bracket
        raise ValidationError(f"Not a valid URL: check its brackets, e.g. {example}.") from error
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError(f"Not a valid URL: use an https:// address, e.g. {example}.")
    if any(c.isspace() for c in value):
        raise ValidationError("Not a valid URL: remove the spaces.")
    if parts.username or parts.password:
        raise ValidationError("Not a valid URL: credentials in URLs are not accepted.")


def validate_paper_url(value: str) -> None:
    """Refuse a paper link that is not a plain https:// address."""
    validate_https_url(value, URL_EXAMPLES["paper"])


def validate_download_url(value: str) -> None:
    """Refuse a data download location that is not a plain https:// address."""
    validate_https_url(value, URL_EXAMPLES["download"])


def validate_git_url(value: str) -> None:
    """Refuse git locations that are not https repository URLs with an owner and a name."""
    validate_https_url(value, URL_EXAMPLES["git"])
    path = urlsplit(value).path.strip("/")
    if path.count("/") < 1:
        raise ValidationError(
            f"Not a repository URL: use https://host/owner/repo, e.g. {URL_EXAMPLES['git']}."
        )


def validate_licence(value: str) -> None:
    """Refuse licence strings that are neither SPDX expressions nor known Hub licence tags."""
    if not is_known_licence(value):
        raise ValidationError(_licence_message(value))


def _licence_message(value: str) -> str:
    return (
        f"Not a licence expression: {value!r}. Use an SPDX id or expression such as "
        "Apache-2.0 or 'MIT AND Apache-2.0', or a Hub licence tag such as llama3.1 or other."
    )


class PartialDate(fields.Field):
    """A date known to the day, the month or the year: 2024-02-01, 2024-02 or 2024.

    Loads to (first day of the period, precision); the public record often knows only the
    month of a release, and inventing a day would be a small lie.
    """

    PATTERNS = (("day", "%Y-%m-%d"), ("month", "%Y-%m"), ("year", "%Y"))

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> tuple[date, str]:
        if isinstance(value, str):
            for precision, pattern in self.PATTERNS:
                try:
                    return datetime.strptime(value, pattern).date(), precision
                except ValueError:
                    continue
        raise ValidationError("Not a valid date: use YYYY-MM-DD, YYYY-MM or YYYY.")

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        return value


def format_partial_date(value: date | None, precision: str | None) -> str | None:
    """Write a date at the precision it is known to."""
    if value is None:
        return None
    pattern = dict(PartialDate.PATTERNS).get(precision or "day", "%Y-%m-%d")
    return value.strftime(pattern)


def validate_country(value: str) -> None:
    """Refuse anything but an ISO 3166-1 alpha-2 code in capitals."""
    if not COUNTRY_RE.match(value):
        raise ValidationError("Not a country code: use two capital letters (ISO 3166-1), e.g. FR.")


def flatten_errors(messages: Mapping[Any, Any], prefix: str = "") -> dict[str, list[str]]:
    """Flatten marshmallow's nested error dict into 'releases[3].artifacts.weights.repo_id' keys."""
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        path = _join(prefix, key)
        if isinstance(value, Mapping):
            flat.update(flatten_errors(value, path))
        else:
            flat[path or "_schema"] = [str(v) for v in value]
    return flat


def _join(prefix: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)
