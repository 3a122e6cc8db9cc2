"""``python -m standins``: check manifests, and serve until interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import yaml

MODEL = {"kind": "model", "id": "org/cli", "files": [{"path": "config.json", "content": "{}"}]}


def folder_with(tmp_path: Path, document: dict[str, object]) -> Path:
    (tmp_path / "m.yml").write_text(yaml.safe_dump(document), encoding="utf-8")
    return tmp_path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "standins", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_check_summarises_valid_manifests(tmp_path: Path) -> None:
    result = run_cli("check", "--no-packaged", "--folder", str(folder_with(tmp_path, MODEL)))

    assert result.returncode == 0
    assert result.stdout.strip() == "ok: 1 Hub repos, 0 git repos, 0 URLs"


def test_check_lists_problems_by_file_and_field(tmp_path: Path) -> None:
    result = run_cli(
        "check", "--no-packaged", "--folder", str(folder_with(tmp_path, {**MODEL, "sha": "nope"}))
    )

    assert result.returncode == 1
    assert "m.yml: sha: 'nope' does not match" in result.stderr


def test_check_reports_a_weight_header_the_format_cannot_hold(tmp_path: Path) -> None:
    weights = {"path": "m.gguf", "format": "gguf", "header": {"parameters": 100, "dtype": "Q4_K"}}
    document = {**MODEL, "files": [weights]}
    result = run_cli("check", "--no-packaged", "--folder", str(folder_with(tmp_path, document)))

    assert result.returncode == 1
    assert "m.yml: files[0]: header.parameters: Q4_K needs a multiple of 256" in result.stderr


def test_serve_prints_endpoints_and_serves_until_interrupted(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "standins",
        "serve",
        "--no-packaged",
        "--folder",
        str(folder_with(tmp_path, MODEL)),
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        endpoint = process.stdout.readline().split()[-1]
        info = httpx.get(f"{endpoint}/api/models/org/cli", timeout=10)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0

    assert info.json()["id"] == "org/cli"
