"""Reading READMEs: markdown sections, and the commands a (pre)training section runs."""

from __future__ import annotations

import re
from posixpath import basename

# README sections about (pre)training or reproducing it, with a command to run.
README_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
README_TRAINING_HEADING = re.compile(r"(pre-?)?train|reproduc", re.I)
# Headings that mention training but are about something else.
README_OTHER_HEADING = re.compile(r"fine-?tun|sft|lora|adapt|data|details|results", re.I)
CODE_BLOCK = re.compile(r"```[^\n]*\n(.*?)```", re.S)
# First words of lines that only set up (install, download, move around): not a run.
SETUP_COMMANDS = frozenset(
    {"pip", "pip3", "conda", "git", "wget", "curl", "cd", "export", "mkdir", "docker",
     "apt", "apt-get", "source", "ls", "cp", "mv", "rm", "echo", "huggingface-cli"}
)  # fmt: skip


def training_commands(path: str, text: str) -> list[str]:
    """Return the run commands in a README's (pre)training sections (not fine-tuning)."""
    if not is_readme(path):
        return []
    commands = []
    for heading, body in sections(text):
        if README_TRAINING_HEADING.search(heading) and not README_OTHER_HEADING.search(heading):
            commands += [line for block in CODE_BLOCK.findall(body) for line in _runs(block)]
    return commands


def _runs(block: str) -> list[str]:
    lines = [line.strip() for line in block.splitlines()]
    return [
        line
        for line in lines
        if line and not line.startswith("#") and line.split()[0].lower() not in SETUP_COMMANDS
    ]


def sections(text: str) -> list[tuple[str, str]]:
    """Return (heading, body) pairs of a markdown text, in order."""
    # Line by line, so a "# comment" inside a fenced code block is not taken for a heading.
    found: list[tuple[str, str]] = []
    heading: str | None = None
    body: list[str] = []
    fenced = False
    for line in text.splitlines(keepends=True):
        fenced = fenced != line.lstrip().startswith("```")
        match = None if fenced else README_HEADING.match(line)
        if match is None:
            body.append(line)
            continue
        if heading is not None:
            found.append((heading, "".join(body)))
        heading, body = match.group(1).strip(), []
    if heading is not None:
        found.append((heading, "".join(body)))
    return found


def is_readme(path: str) -> bool:
    """Return True for README, README.md, readme.rst..."""
    return basename(path).lower().startswith("readme")
