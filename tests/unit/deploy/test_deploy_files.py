"""The deployment files are valid: compose.yaml against the Compose Specification, the
Dockerfile through hadolint, and both agree with the app (health check, services, settings)."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from app.config import SETTINGS

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def compose_spec() -> dict[str, object]:
    # check-jsonschema vendors the Compose Specification's own JSON schema.
    text = (
        resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "compose-spec.json"
    ).read_text(encoding="utf-8")
    return dict(json.loads(text))


def test_compose_file_follows_the_compose_specification() -> None:
    jsonschema.validate(COMPOSE, compose_spec())


def test_compose_runs_every_part_of_the_registry() -> None:
    assert set(COMPOSE["services"]) == {"web", "worker", "scheduler", "postgres", "redis"}


def test_compose_configures_the_app_only_through_registry_variables() -> None:
    known = {s.key for s in SETTINGS}
    for name in ("web", "worker", "scheduler"):
        environment = COMPOSE["services"][name]["environment"]
        assert set(environment) <= known, set(environment) - known


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or str(Path(__import__("sys").executable).parent / "hadolint")
    result = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_unprivileged_and_checks_health() -> None:
    assert "USER 10001" in DOCKERFILE
    assert "/healthz" in DOCKERFILE
    assert "gunicorn" in (ROOT / "bin" / "docker-entrypoint").read_text(encoding="utf-8")
