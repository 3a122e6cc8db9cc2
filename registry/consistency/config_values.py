"""Integer settings a config file states, with their line: YAML, JSON, gin, TOML, Python, shell.

Read line by line rather than parsed, for three reasons: a finding must name its line; one
reader covers every format (a launcher's `--num-layers 32`, a gin `d_model = 768`, a
Python `n_layer=32`); and a half-valid file (a YAML with templating) still says something.
The first statement of a key wins, as the first is what the file leads with.
"""

from __future__ import annotations

import re

from registry.consistency.dialects import Stated

# `key: 32`, `"key": 32`, `key = 32`, `KEY=32`, `key=True`; values are whole numbers or
# booleans (a learning rate such as `3.0e-4` is not an architecture and is skipped).
ASSIGNMENT = re.compile(
    r"""(?<![\w\-.$])["']?(?P<key>[A-Za-z_][\w.\-]*)["']?\s*[:=]\s*["']?"""
    r"""(?P<value>\d[\d_]*|true|false|True|False)(?![\w.\-])"""
)
# `--key 32`, `--key=32`, `--key $VAR`, `--key ${VAR}`; a bare `--flag` is True.
ARGUMENT = re.compile(
    r"""(?<![\w-])--(?P<key>[A-Za-z][\w\-]*)(?:[ \t]+|=)["']?"""
    r"""(?P<value>\d[\d_]*|\$\{[A-Za-z_]\w*:-\d+\}|\$\{?[A-Za-z_]\w*\}?)(?![\w.])"""
)
# `export FFN=${FFN:-24576}`: a shell variable with its default, as launchers set sizes.
SHELL_DEFAULT = re.compile(
    r"^\s*(?:export\s+)?(?P<key>[A-Za-z_]\w*)=[\"']?\$\{\w+:-(?P<value>\d+)\}"
)
DEFAULTED = re.compile(r"^\$\{(?P<var>\w+):-(?P<default>\d+)\}$")
FLAG = re.compile(r"(?<![\w-])--(?P<key>[A-Za-z][\w\-]*)(?=[ \t]*(?:\\?$|--))", re.M)
COMMENT = re.compile(r"^\s*(#|//)")


def normalise(key: str) -> str:
    """Return a key as the dialect table spells it (`model.num-layers` -> `num_layers`)."""
    return key.rsplit(".", 1)[-1].replace("-", "_").lower()


def stated_values(text: str) -> dict[str, Stated]:
    """Return every whole-number or boolean setting in a config text, first statement first."""
    found: dict[str, Stated] = {}
    shell: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if COMMENT.match(line):
            continue
        default = SHELL_DEFAULT.match(line)
        if default:
            shell.setdefault(default["key"], int(default["value"]))
        for match in ASSIGNMENT.finditer(line):
            value = _value(match["value"])
            shell.setdefault(match["key"], value)
            found.setdefault(normalise(match["key"]), Stated(value, match["key"], number))
        for match in ARGUMENT.finditer(line):
            resolved = _argument(match["value"], shell)
            if resolved is not None:
                key = normalise(match["key"])
                found.setdefault(key, Stated(resolved, "--" + match["key"], number))
        for match in FLAG.finditer(line):
            found.setdefault(normalise(match["key"]), Stated(1, "--" + match["key"], number))
    return found


def _value(text: str) -> int:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return int(lowered == "true")
    return int(text.replace("_", ""))


def _argument(text: str, shell: dict[str, int]) -> int | None:
    defaulted = DEFAULTED.match(text)
    if defaulted:
        return shell.get(defaulted["var"], int(defaulted["default"]))
    if text.startswith("$"):
        return shell.get(text.strip("${}"))
    return _value(text)
