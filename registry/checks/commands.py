"""Shell commands in README training sections: what each one runs, and in which repository.

A training section is read as a short shell session, block after block: `git clone -b
BRANCH URL` then `cd` into the clone makes later commands run in that external repository
at that ref (`git checkout REF` moves it); `pip install git+URL@REF` lets a later run of a
module or console script the repository lacks come from that package. The tables below
say which programs only set up, which launch a script, and which only evaluate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from posixpath import basename, dirname, join, normpath

from registry.checks.code.paths import RUNNABLE_SUFFIXES
from registry.checks.readme import training_sections
from registry.checks.shell import (
    NOT_A_COMMAND,
    SETUP_PROGRAMS,
    SETUP_SCRIPTS,
    SHELL_LANGUAGES,
    CommandKind,
    command_kind,
    command_lines,
    has_options,
    run_target,
    split_words,
)

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
            return module_paths(self.module)
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
            for offset, line in command_lines(block.text):
                command = session.feed(line, block.line + offset - 1, shell=bool(block.info))
                found += [command] if command else []
    return tuple(found)


def module_paths(module: str) -> tuple[str, ...]:
    """Return the repository paths Python module `pkg.mod` may be, most likely first."""
    base = module.replace(".", "/")
    return tuple(f"{p}{base}{s}" for p in ("", "src/") for s in (".py", "/__main__.py"))


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
        self.fetched: set[str] = set()  # scripts a `wget`/`curl` downloaded: not published code

    def feed(self, line: str, number: int, *, shell: bool) -> Command | None:
        """Read one command: update the session, or return the run it is."""
        words = split_words(line)
        if not words or NOT_A_COMMAND.search(line):
            return None
        program = basename(words[0])
        if program in ("git", "cd", "pushd", "popd") or _is_pip(words):
            self._setup(words)
            return None
        if program in ("wget", "curl"):
            self.fetched.update(basename(w) for w in words[1:] if w.endswith(RUNNABLE_SUFFIXES))
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
        program, script, module = run_target(words)
        if program is None or basename(script or "") in SETUP_SCRIPTS | self.fetched:
            return None
        if script is None and module is None and not (shell or has_options(words)):
            return None  # a bare word in an unlabelled block is not shown to be a command
        return Command(
            text=line, readme=self.readme, line=number,
            kind=command_kind(program, script, module, words), program=program, script=script,
            module=module, cwd=self.cwd, repo=self.repo, installed=tuple(self.installed),
        )  # fmt: skip


def _is_pip(words: list[str]) -> bool:
    head = [basename(w) for w in words[:3]]
    return head[:1] in (["pip"], ["pip3"]) or head[:2] == ["uv", "pip"] or "pip" in head[1:3]


def _pip_git(word: str) -> ExternalRepo | None:
    match = PIP_GIT.search(word)
    if match is None:
        return None
    url = normalise_url(match["url"])
    return ExternalRepo(url, match["ref"], "pip install") if url else None
