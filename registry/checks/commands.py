"""Shell commands in README training sections: what each one runs, and in which repository.

A training section is read as a short shell session, block after block: `git clone -b
BRANCH URL` then `cd` into the clone makes later commands run in that external repository
at that ref (`git checkout REF` moves it); `pip install git+URL@REF` lets a later run of a
module or console script the repository lacks come from that package. The tables below
say which programs only set up, which launch a script, and which only evaluate.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from posixpath import basename, dirname, join, normpath

from registry.checks.code_paths import (
    RUNNABLE_SUFFIXES,
    is_evaluation,
    is_fine_tuning,
    is_inference,
)
from registry.checks.readme import training_sections

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
# `git+https://host/owner/repo[.git][@ref][#egg=...]`, as pip accepts it.
PIP_GIT = re.compile(r"git\+(?P<url>https?://[^\s@#]+?)(?:\.git)?(?:@(?P<ref>[^\s#]+))?(?:#.*)?$")
GIT_URL = re.compile(r"^(https?://[^\s]+?)(?:\.git)?/?$")
SSH_URL = re.compile(r"^git@(?P<host>[\w.-]+):(?P<path>[\w./-]+?)(?:\.git)?$")
# git clone options that take a separate value.
CLONE_VALUE_OPTIONS = frozenset(
    {"-b", "--branch", "--depth", "-o", "--origin", "-c", "--config", "--reference", "-j",
     "--jobs", "--separate-git-dir", "--template", "--shallow-since", "--shallow-exclude",
     "-u", "--upload-pack", "--filter"}
)  # fmt: skip
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


@dataclass(frozen=True)
class ExternalRepo:
    """A repository a training command runs in: cloned and entered, or pip-installed."""

    url: str  # normalised https URL, without .git
    ref: str | None  # branch, tag or commit; None means the default branch
    how: str  # "git clone" or "pip install"

    @property
    def name(self) -> str:
        """Return OWNER/REPO (the URL's path)."""
        return repo_name(self.url)

    def label(self, commit: str | None = None) -> str:
        """Return OWNER/REPO@REF, with the commit when no ref was named (if known)."""
        ref = self.ref or (commit[:7] if commit else None)
        return f"{self.name}@{ref}" if ref else self.name


@dataclass(frozen=True)
class Command:
    """One command of a README training section and where it runs."""

    text: str
    readme: str
    line: int
    kind: CommandKind
    program: str
    script: str | None = None  # a script path as written
    module: str | None = None  # `python -m pkg.mod`
    cwd: str | None = ""  # directory inside `repo`; None when a `cd` went somewhere unknown
    repo: ExternalRepo | None = None  # None: the repository the README belongs to
    installed: tuple[ExternalRepo, ...] = ()  # packages pip-installed from git before it

    @property
    def target(self) -> str | None:
        """Return the script or module the command runs, as written."""
        return self.script or self.module

    def candidates(self) -> tuple[str, ...]:
        """Return the repository paths the script or module may be, most likely first."""
        if self.module:
            base = self.module.replace(".", "/")
            return tuple(f"{p}{base}{s}" for p in ("", "src/") for s in (".py", "/__main__.py"))
        if not self.script or self.cwd is None or self.script[:1] in "/$~" or "$" in self.script:
            return ()
        here = normpath(join(self.cwd, self.script)) if self.cwd else normpath(self.script)
        fallback = normpath(join(dirname(self.readme), self.script)) if self.repo is None else here
        return tuple(dict.fromkeys((here, normpath(self.script), fallback)))

    def readme_fallbacks(self) -> tuple[str, ...]:
        """Return where the script may be in the README's own repository (for external runs)."""
        if not self.script or self.script[:1] in "/$~" or "$" in self.script:
            return ()
        return tuple(
            dict.fromkeys(
                (normpath(join(dirname(self.readme), self.script)), normpath(self.script))
            )
        )


def readme_commands(path: str, text: str, self_url: str | None = None) -> tuple[Command, ...]:
    """Return the run commands of a README's training sections, each with where it runs."""
    found: list[Command] = []
    for section in training_sections(text):
        session = _Session(path, normalise_url(self_url) if self_url else None)
        for block in section.blocks:
            if block.info not in SHELL_LANGUAGES:
                continue
            for offset, line in _command_lines(block.text):
                command = session.feed(line, block.line + offset - 1, shell=bool(block.info))
                found += [command] if command else []
    return tuple(found)


def resolve(command: Command, present: Callable[[str], bool]) -> str | None:
    """Return the first candidate path of `command` that exists, None when none does."""
    return next((p for p in command.candidates() if present(p)), None)


def normalise_url(url: str) -> str | None:
    """Return an https-or-http git URL without `.git` or a trailing slash; None otherwise."""
    ssh = SSH_URL.match(url.strip())
    if ssh:
        return f"https://{ssh['host']}/{ssh['path']}"
    plain = GIT_URL.match(url.strip())
    return plain.group(1) if plain else None


def repo_name(url: str) -> str:
    """Return OWNER/REPO: the path of a git URL, without `.git`."""
    normal = normalise_url(url) or url
    return normal.split("://", 1)[-1].split("/", 1)[-1]


def same_repo(left: str, right: str | None) -> bool:
    """Return True when two normalised URLs name one repository (case-insensitive)."""
    return right is not None and left.lower() == right.lower()


class _Session:
    """The state of one section's shell session: where we are, what was cloned or installed."""

    def __init__(self, readme: str, self_url: str | None) -> None:
        self.readme = readme
        self.self_url = self_url
        self.cwd: str | None = dirname(readme)
        self.repo: ExternalRepo | None = None
        self.home: str | None = self.cwd  # the cwd in the README's repo before entering a clone
        self.clones: dict[str, ExternalRepo | None] = {}
        self.installed: list[ExternalRepo] = []

    def feed(self, line: str, number: int, *, shell: bool) -> Command | None:
        """Read one command: update the session, or return the run it is."""
        words = _words(line)
        if not words or NOT_A_COMMAND.search(line):
            return None
        program = basename(words[0])
        if program in ("git", "cd", "pushd", "popd") or _is_pip(words):
            self._setup(words)
            return None
        if program in SETUP_PROGRAMS:
            return None
        return self._run(line, number, words, shell)

    def _setup(self, words: list[str]) -> None:
        if words[0] in ("cd", "pushd"):
            self._cd(words[1] if len(words) > 1 else "~")
        elif words[0] == "popd":
            self.repo, self.cwd = None, self.home
        elif words[0] == "git" and words[1:2] == ["clone"]:
            self._clone(words[2:])
        elif words[0] == "git" and words[1:2] in (["checkout"], ["switch"]):
            self._checkout(words[2:])
        elif _is_pip(words):
            self.installed += [r for r in map(_pip_git, words) if r is not None]

    def _clone(self, args: list[str]) -> None:
        branch, positional, skip = None, [], False
        for index, arg in enumerate(args):
            if skip:
                skip = False
            elif arg in ("-b", "--branch"):
                branch, skip = (args[index + 1] if index + 1 < len(args) else None), True
            elif arg.startswith("--branch="):
                branch = arg.split("=", 1)[1]
            elif arg in CLONE_VALUE_OPTIONS:
                skip = True
            elif not arg.startswith("-"):
                positional.append(arg)
        url = normalise_url(positional[0]) if positional else None
        if url is None:
            return
        folder = positional[1] if len(positional) > 1 else basename(url)
        external = None if same_repo(url, self.self_url) else ExternalRepo(url, branch, "git clone")
        self.clones[folder.rstrip("/")] = external

    def _checkout(self, args: list[str]) -> None:
        refs = [a for a in args if not a.startswith("-")]
        if self.repo is not None and refs and "-b" not in args and "-c" not in args:
            self.repo = replace(self.repo, ref=refs[-1])
            self.clones = {k: (self.repo if v and v.url == self.repo.url else v)
                           for k, v in self.clones.items()}  # fmt: skip

    def _cd(self, target: str) -> None:
        if target[:1] in "/$~" or "$" in target:
            self.cwd = None  # somewhere we cannot follow: later scripts are not resolved
            return
        first, _, rest = normpath(target).partition("/")
        if first in self.clones:  # into a clone (None: a clone of the README's own repo)
            self.home, self.repo = self.cwd, self.clones[first]
            self.cwd = normpath(rest) if rest else ""
            return
        if self.cwd is None:
            return
        joined = normpath(join(self.cwd, target))
        if not joined.startswith(".."):
            self.cwd = "" if joined == "." else joined
        elif self.repo is not None:
            self.repo, self.cwd = None, self.home  # back out of the clone
        else:
            self.cwd = None  # above the repository's root

    def _run(self, line: str, number: int, words: list[str], shell: bool) -> Command | None:
        program, script, module = _run_target(words)
        if program is None or basename(script or "") in SETUP_SCRIPTS:
            return None
        if script is None and module is None and not (shell or _has_options(words)):
            return None  # a bare word in an unlabelled block is not shown to be a command
        return Command(
            text=line, readme=self.readme, line=number,
            kind=_kind(program, script, module, words), program=program, script=script,
            module=module, cwd=self.cwd, repo=self.repo, installed=tuple(self.installed),
        )  # fmt: skip


def _command_lines(block: str) -> list[tuple[int, str]]:
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


def _words(line: str) -> list[str]:
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        words = line.split()
    while words and (re.match(r"^[A-Za-z_]\w*=", words[0]) or words[0] in WRAPPERS):
        words = words[1:]
    return words


def _is_pip(words: list[str]) -> bool:
    head = [basename(w) for w in words[:3]]
    return head[:1] in (["pip"], ["pip3"]) or head[:2] == ["uv", "pip"] or "pip" in head[1:3]


def _pip_git(word: str) -> ExternalRepo | None:
    match = PIP_GIT.search(word)
    if match is None:
        return None
    url = normalise_url(match["url"])
    return ExternalRepo(url, match["ref"], "pip install") if url else None


def _run_target(words: list[str]) -> tuple[str | None, str | None, str | None]:
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


def _python_target(args: list[str]) -> tuple[str | None, str | None, str | None]:
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


def _launched(words: list[str]) -> tuple[str | None, str | None, str | None]:
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
            return _launched([program, *_words(words[index + 1])])
    return None, None, None


def _has_options(words: list[str]) -> bool:
    return any(w.startswith("-") for w in words[1:])


def _kind(
    program: str, script: str | None, module: str | None, words: Iterable[str]
) -> CommandKind:
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
