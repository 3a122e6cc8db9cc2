"""Reading a shell line as a README shows it: split it, tokenise it, say what it runs.

The tables say which programs only set up, which launch a script (or `-m module`), and
which only evaluate; `command_kind` names what a run is for from its script's name.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from enum import StrEnum
from posixpath import basename

from registry.checks.code.paths import (
    RUNNABLE_SUFFIXES,
    is_evaluation,
    is_fine_tuning,
    is_inference,
)

# First words of commands that set up, move around or fetch: never a run.
SETUP_PROGRAMS = frozenset(
    {"pip", "pip3", "uv", "conda", "mamba", "git", "wget", "curl", "cd", "pushd", "popd",
     "export", "mkdir", "docker", "apt", "apt-get", "brew", "yum", "ls", "cp", "mv", "rm", "ln",
     "echo", "cat", "tee", "tar", "unzip", "gzip", "chmod", "huggingface-cli", "hf", "gsutil",
     "aws", "make", "cmake", "ninja", "nvidia-smi", "set", "unset", "conda-forge", "wandb",
     "module", "ulimit", "sleep", "touch", "head", "tail", "grep", "sed", "awk", "find",
     "activate", "deactivate", "virtualenv", "poetry", "pre-commit", "gcloud", "az", "kubectl"}
)  # fmt: skip
# Words that run the rest of the line (`nohup python x.py`, `env A=1 python x.py`).
WRAPPERS = frozenset({"nohup", "time", "sudo", "env", "exec", "nice", "stdbuf", "unbuffer"})
PYTHON = re.compile(r"^python(\d(\.\d+)?)?$")
# Launchers whose argument list holds the script (or `-m module`) they start.
LAUNCHERS = frozenset(
    {"torchrun", "deepspeed", "composer", "horovodrun", "mpirun", "mpiexec", "srun",
     "launch", "ray"}
)  # fmt: skip
# Programs whose first script-like argument is what they run (`sbatch job.slurm`).
SHELLS = frozenset({"bash", "sh", "zsh", "source", ".", "sbatch", "qsub", "bsub"})
# Programs and modules that only evaluate a model (lm-eval-harness and friends).
EVAL_PROGRAMS = frozenset({"lm_eval", "lm-eval", "opencompass", "evalplus", "lighteval"})
EVAL_MODULE = re.compile(r"^(lm_eval|lighteval|opencompass|evaluate)(\.|$)")
# Flags that turn a run into an evaluation-only run.
EVAL_FLAGS = frozenset({"--eval-only", "--eval_only", "--evaluate", "--test-only", "--do_eval"})
SPLIT = re.compile(r"\s*(?:&&|\|\||;)\s*")
# Code-block languages that hold shell commands ("" is a bare fence or an indented block).
SHELL_LANGUAGES = frozenset({"", "bash", "sh", "shell", "console", "zsh", "shell-session",
                             "text", "txt", "sbatch", "slurm", "terminal", "cmd"})  # fmt: skip
# Lines that are code or prose in a bare block, not a command (`x = 1`, `def f():`).
NOT_A_COMMAND = re.compile(r"^\w+\s*=\s|[({]\s*$|:$|^(from|import|def|class|return)\s")
# Scripts run to install rather than to train.
SETUP_SCRIPTS = frozenset({"setup.py", "install.sh", "setup.sh", "configure"})


class CommandKind(StrEnum):
    """What a README command does, as far as its program and script names show."""

    TRAINING = "training"
    EVALUATION = "evaluation"
    FINE_TUNING = "fine-tuning"
    INFERENCE = "inference"


Target = tuple[str | None, str | None, str | None]  # (program, script, module)


def command_lines(block: str) -> list[tuple[int, str]]:
    """Return (line offset, command) for each command of a code block."""
    # Join `\` continuations, drop prompts and comments, split `a && b; c` into commands.
    found: list[tuple[int, str]] = []
    pending, start = "", 0
    for offset, raw in enumerate(block.splitlines(), start=1):
        line = raw.strip()
        if not pending:
            start = offset
            line = re.sub(r"^(\$|>|#\s*\$)\s+", "", line)
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole, pending = pending + line, ""
        if whole and not whole.startswith("#"):
            found += [(start, part) for part in SPLIT.split(whole.split(" | ")[0]) if part]
    return found


def split_words(line: str) -> list[str]:
    """Return a command's words, without leading `VAR=value` assignments and wrappers."""
    try:
        found = shlex.split(line, comments=True)
    except ValueError:
        found = line.split()
    while found and (re.match(r"^[A-Za-z_]\w*=", found[0]) or found[0] in WRAPPERS):
        found = found[1:]
    return found


def run_target(words: list[str]) -> Target:
    """Return (program, script, module) of a run; (None, None, None) when it runs nothing."""
    program = basename(words[0])
    if PYTHON.match(program):
        return _python_target(words[1:])
    if program in LAUNCHERS or (program == "accelerate" and words[1:2] == ["launch"]):
        return _launched(words)
    if program in SHELLS:
        script = next((w for w in words[1:] if w.endswith(RUNNABLE_SUFFIXES)), None)
        script = script or next((w for w in words[1:] if not w.startswith("-")), None)
        return (program, script, None) if script else (None, None, None)
    if program.endswith(RUNNABLE_SUFFIXES):
        return program, words[0], None
    if re.match(r"^[A-Za-z][\w.-]*$", program):
        return program, None, None  # a console script (`t5_mesh_transformer`, `litgpt`)
    return None, None, None


def _python_target(args: list[str]) -> Target:
    for index, arg in enumerate(args):
        if arg == "-m" and index + 1 < len(args):
            module = args[index + 1]
            if module in ("torch.distributed.run", "torch.distributed.launch"):
                return _launched(["torchrun", *args[index + 2 :]])
            return "python", None, module
        if arg.endswith(".py"):
            return "python", arg, None
        if not arg.startswith("-"):
            return "python", arg, None
    return None, None, None


def _launched(words: list[str]) -> Target:
    program = basename(words[0])
    for index, arg in enumerate(words[1:], start=1):
        if arg in ("-m", "--module") and index + 1 < len(words):
            return program, None, words[index + 1]
        if arg.endswith(RUNNABLE_SUFFIXES):
            return program, arg, None
        if PYTHON.match(basename(arg)):
            inner = _python_target(words[index + 1 :])
            return (program, inner[1], inner[2]) if inner[0] else (None, None, None)
        if arg == "-c" and index + 1 < len(words):  # `srun bash -c "torchrun ... x.py"`
            return _launched([program, *split_words(words[index + 1])])
    return None, None, None


def has_options(words: list[str]) -> bool:
    """Return True when a command passes any option."""
    return any(w.startswith("-") for w in words[1:])


def command_kind(
    program: str, script: str | None, module: str | None, words: Iterable[str]
) -> CommandKind:
    """Return what a run is for, from its program and its script's (or module's) name."""
    # The script's (or module's, or console script's) name says what the run is for.
    target = script or ((module.replace(".", "/") + ".py") if module else program)
    if program in EVAL_PROGRAMS or EVAL_MODULE.match(module or "") or EVAL_FLAGS & set(words):
        return CommandKind.EVALUATION
    if target and is_evaluation(target):
        return CommandKind.EVALUATION
    if target and is_fine_tuning(target):
        return CommandKind.FINE_TUNING
    if target and is_inference(target):
        return CommandKind.INFERENCE
    return CommandKind.TRAINING
