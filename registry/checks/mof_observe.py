"""What a checker saw that bears on MOF's components, kept as the evidence fact `mof`.

The checkers already list each repository and read its card; this module reads a few
more small things on the way (config.json, the Hub's branches and tags, the papers the
card names, modelling and evaluation files in git) and writes what they show, so that
`registry.frameworks.mof_components` can decide the components later from stored
evidence alone. A read that fails is written down in `unread` and never stops the check:
the component it would have shown is then unverified, never absent.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from registry.checks.mof_cards import DATA_CARD_TOPICS, MODEL_CARD_TOPICS, read_card
from registry.checks.mof_paths import (
    PathSignal,
    is_checkpoint_ref,
    path_signals,
    signal_of,
)
from registry.ports import AdapterError, HubClient, HubRefLister, HubRepoInfo, PageFetcher

MOF_FACT = "mof"
CARD_PATH = "README.md"
CARD_BYTES = 256 * 1024
CONFIG_BYTES = 64 * 1024
PAPER_BYTES = 256 * 1024
MAX_PAPERS = 2
MAX_REFS_SHOWN = 12
MAX_GIT_READS = 10  # modelling and evaluation files read per repository
ARXIV_ABS = "https://arxiv.org/abs/{}"
CLASS_DEF = re.compile(r"^class\s+([A-Za-z_]\w*)\s*[(:]", re.M)
# Eval configs name their datasets: lm-eval-harness `dataset_path:`, HELM/OLMES `dataset:`.
EVAL_DATASET = re.compile(
    r"^\s*(?:dataset_path|dataset_name|hf_dataset|dataset)\s*[:=]\s*[\"']?([\w.-]+/[\w.-]+)",
    re.M,
)
PACKAGE_NAME = re.compile(r"""\bname\s*=\s*["']([A-Za-z0-9][\w.-]*)["']""")
SETUP_CFG_NAME = re.compile(r"^name\s*=\s*([A-Za-z0-9][\w.-]*)\s*$", re.M)
LICENCE_LINK = re.compile(
    r"href=\"(https?://(?:creativecommons\.org/(?:licenses|publicdomain)/[^\"]+"
    r"|arxiv\.org/licenses/[^\"]+))\"",
    re.I,
)
CC_LICENCE = re.compile(r"creativecommons\.org/licenses/(by(?:-[a-z]{2})*)/(\d\.\d)", re.I)
# Licence links arXiv renders that are not Creative Commons, and their SPDX-style ids.
ARXIV_LICENCES: Mapping[str, str] = {
    "creativecommons.org/publicdomain/zero/1.0": "CC0-1.0",
    "arxiv.org/licenses/nonexclusive-distrib/1.0": "LicenseRef-arXiv-nonexclusive-distrib-1.0",
    "arxiv.org/licenses/assumed-1991-2003": "LicenseRef-arXiv-assumed-1991-2003",
}


def observe_model_repo(
    hub: HubClient, pages: object, info: HubRepoInfo, paths: tuple[str, ...]
) -> dict[str, Any]:
    """Return what a Hub model repository shows about MOF's components."""
    unread: list[str] = []
    seen: dict[str, Any] = {"source": "model", "paths": path_signals(paths), "unread": unread}
    card = _card(hub, "model", info, paths, unread)
    seen["card"] = card
    seen["config"] = _config(hub, info, paths, unread)
    seen["library"] = _library(info)
    seen["refs"] = _refs(hub, info, unread)
    ids = card["arxiv_ids"] if card else [t.split(":", 1)[1] for t in info.tags
                                           if t.startswith("arxiv:")]  # fmt: skip
    seen["papers"] = _papers(pages, ids[:MAX_PAPERS], unread)
    return seen


def observe_dataset_repo(
    hub: HubClient, info: HubRepoInfo, paths: tuple[str, ...]
) -> dict[str, Any]:
    """Return what a Hub dataset repository shows: its card and preprocessing code."""
    unread: list[str] = []
    seen: dict[str, Any] = {"source": "dataset", "paths": path_signals(paths), "unread": unread}
    seen["card"] = _card(hub, "dataset", info, paths, unread)
    return seen


def choose_git_paths(paths: Iterable[str]) -> list[str]:
    """Return the git files worth reading for MOF: modelling code, eval configs, packaging."""
    listed = list(paths)
    modelling = [p for p in listed if signal_of(p, PathSignal.MODELLING)]
    evaluation = [p for p in listed if signal_of(p, PathSignal.EVALUATION)
                  and p.lower().endswith((".yaml", ".yml", ".jsonnet"))]  # fmt: skip
    packaging = [p for p in listed if signal_of(p, PathSignal.PACKAGING)]
    return packaging + modelling[:MAX_GIT_READS] + evaluation[:MAX_GIT_READS]


def observe_git(
    paths: tuple[str, ...],
    texts: Mapping[str, str],
    truncated: bool,
    followed: Sequence[tuple[str, tuple[str, ...], Mapping[str, str]]] = (),
) -> dict[str, Any]:
    """Return what a git repository shows: signals, classes defined, packages, eval datasets.

    `followed` are the repositories the code checker followed from it (submodules, external
    trainers), as (label, paths, texts): their files count as the release's code, named
    under their label; the packages are the repository's own only.
    """
    every = [("", paths, texts), *followed]
    labelled = [f"{label}/{p}" if label else p for label, ps, _ in every for p in ps]
    read = {f"{label}/{p}" if label else p: t for label, _, ts in every for p, t in ts.items()}
    modelling = [p for p in read if signal_of(p, PathSignal.MODELLING)]
    classes = [name for p in modelling for name in CLASS_DEF.findall(read[p])]
    evaluation = [p for p in read if signal_of(p, PathSignal.EVALUATION)]
    datasets = [name for p in evaluation for name in EVAL_DATASET.findall(read[p])]
    return {
        "source": "git",
        "paths": path_signals(labelled),
        "paths_truncated": truncated,
        "defined_classes": list(dict.fromkeys(classes))[:50],
        "packages": _packages(texts),
        "eval_datasets": list(dict.fromkeys(datasets))[:12],
        "unread": [],
    }


def _card(
    hub: HubClient, repo_type: Any, info: HubRepoInfo, paths: tuple[str, ...], unread: list[str]
) -> dict[str, Any] | None:
    if CARD_PATH not in paths:
        return None
    try:
        text = hub.read_text(repo_type, info.repo_id, CARD_PATH, info.sha, CARD_BYTES)
    except AdapterError as error:
        unread.append(f"README.md could not be read ({error.kind.value}): {error.message}")
        return None
    topics = MODEL_CARD_TOPICS if repo_type == "model" else DATA_CARD_TOPICS
    return read_card(text, info.card_data, info.tags, topics).as_fact()


def _config(
    hub: HubClient, info: HubRepoInfo, paths: tuple[str, ...], unread: list[str]
) -> dict[str, Any] | None:
    if "config.json" not in paths:
        return None
    try:
        raw = hub.read_text("model", info.repo_id, "config.json", info.sha, CONFIG_BYTES)
        data = json.loads(raw)
    except AdapterError as error:
        unread.append(f"config.json could not be read ({error.kind.value}): {error.message}")
        return None
    except ValueError:
        return {"architectures": [], "defined_here": [], "problem": "config.json is not JSON"}
    if not isinstance(data, dict):
        return {"architectures": [], "defined_here": [], "problem": "config.json is not an object"}
    architectures = [a for a in data.get("architectures") or [] if isinstance(a, str)]
    return {
        "architectures": architectures,
        "model_type": data.get("model_type") if isinstance(data.get("model_type"), str) else None,
        "defined_here": _defined_here(data.get("auto_map"), architectures, set(paths)),
    }


def _defined_here(auto_map: object, architectures: list[str], present: set[str]) -> list[str]:
    # auto_map {"AutoModelForCausalLM": "modeling_olmo.OLMoForCausalLM"}: the class is in
    # modeling_olmo.py of this repo when that file is listed ("other/repo--mod.X" is not).
    if not isinstance(auto_map, Mapping):
        return []
    targets = [t for v in auto_map.values() for t in (v if isinstance(v, list) else [v])
               if isinstance(t, str) and "--" not in t]  # fmt: skip
    defined = []
    for target in targets:
        module, _, name = target.rpartition(".")
        if name in architectures and module.replace(".", "/") + ".py" in present:
            defined.append(name)
    return list(dict.fromkeys(defined))


def _library(info: HubRepoInfo) -> str | None:
    named = info.card_data.get("library_name")
    if isinstance(named, str) and named:
        return named.lower()
    return "transformers" if "transformers" in info.tags else None


def _refs(hub: HubClient, info: HubRepoInfo, unread: list[str]) -> dict[str, Any] | None:
    if not isinstance(hub, HubRefLister):
        unread.append("this Hub client does not list branches and tags")
        return None
    try:
        names = hub.list_refs("model", info.repo_id)
    except AdapterError as error:
        unread.append(f"the branches could not be listed ({error.kind.value}): {error.message}")
        return None
    checkpoints = [n for n in names if is_checkpoint_ref(n)]
    return {"count": len(names), "checkpoints": len(checkpoints),
            "examples": checkpoints[:MAX_REFS_SHOWN]}  # fmt: skip


def _papers(pages: object, arxiv_ids: list[str], unread: list[str]) -> list[dict[str, Any]]:
    if not arxiv_ids:
        return []
    if not isinstance(pages, PageFetcher):
        unread.append("this client does not read web pages, so no paper was read")
        return []
    papers: list[dict[str, Any]] = []
    for arxiv_id in arxiv_ids:
        url = ARXIV_ABS.format(arxiv_id)
        try:
            page = pages.fetch_text(url, PAPER_BYTES)
        except AdapterError as error:
            papers.append({"url": url, "arxiv_id": arxiv_id, "status": None,
                           "problem": f"{error.kind.value}: {error.message}"})  # fmt: skip
            continue
        link = LICENCE_LINK.search(page.text)
        papers.append({
            "url": url, "arxiv_id": arxiv_id, "status": page.status,
            "licence_link": link.group(1) if link else None,
            "licence": paper_licence(link.group(1)) if link else None,
        })  # fmt: skip
    return papers


def paper_licence(link: str) -> str | None:
    """Return the licence id an arXiv licence link names (CC-BY-4.0, CC0-1.0...)."""
    cc = CC_LICENCE.search(link)
    if cc:
        return f"CC-{cc.group(1).upper()}-{cc.group(2)}"
    bare = re.sub(r"^https?://", "", link).rstrip("/").lower()
    return ARXIV_LICENCES.get(bare)


def _packages(texts: Mapping[str, str]) -> list[str]:
    names: list[str] = []
    for path in ("pyproject.toml", "setup.py", "setup.cfg"):
        text = texts.get(path)
        if not text:
            continue
        if path == "pyproject.toml":
            try:
                project = tomllib.loads(text).get("project") or {}
            except tomllib.TOMLDecodeError:
                project = {}
            name = project.get("name") if isinstance(project, dict) else None
            names += [name] if isinstance(name, str) else []
        else:
            pattern = SETUP_CFG_NAME if path == "setup.cfg" else PACKAGE_NAME
            names += pattern.findall(text)[:1]
    return list(dict.fromkeys(names))
