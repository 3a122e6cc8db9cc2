"""The weights checker: does a Hub model repository really publish usable weights, and how?

It reads the repository's metadata (sha, gate, tags, card), lists its files, groups the
candidate weight files into sets (a sharded index and its shards, numbered shards, single
files, folders of extensionless shards, zarr arrays), reads each set's headers with ranged
requests, and reads the licence from every place a lab states one. Weights are *absent*
unless one set is complete and its bytes are weights; gated or use-restricted weights are
*restricted*; a Hub failure is *unverified*.
"""

from __future__ import annotations

from datetime import datetime

from registry.checks.base import Observation, Outcome, human_size, run_check, total_size
from registry.checks.doubts import DoubtId
from registry.checks.hub_common import (
    hub_locator,
    licence_verdict,
    open_repo,
    refuse_unseen_absence,
)
from registry.checks.mof_observe import MOF_FACT, observe_model_repo
from registry.checks.weight_formats import DTYPE_BITS, WeightFormat
from registry.checks.weights import adapters, config_bound, derived, name_size, sentences
from registry.checks.weights.judging import SetJudgement, SetState, judge_all, main_set
from registry.checks.weights.names import WEIGHT_SUFFIXES, is_large_archive
from registry.checks.weights.reading import MAX_HEADER_READS, Reader
from registry.checks.weights.sets import Grouping, SetKind, group_sets
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    FailureKind,
    FileFound,
    LicenceKind,
    Verdict,
)
from registry.ports import AdapterError, Clients, HubClient, HubFile, HubRepoInfo

# A sampled set's files must hold at least this share of the bytes the Hub's safetensors
# summary says its tensors need; less means some unread shards are shorter than claimed.
SUMMARY_BYTES_SHARE = 0.99
# Evidence describes at most this many weight sets (a repo of 10,000 single files has as many).
MAX_SET_FACTS = 50


class WeightsChecker:
    """Checks a Hub model repository for weight files, gate and licence."""

    id = "weights"
    title = "Model weights on the Hugging Face Hub"
    description = (
        "Lists the model repository, reads the header of each candidate weight file with "
        "ranged requests (weights are recognised by their bytes, not their names), checks "
        "that every shard a set lists exists and is weights, notes any gate, and reads the "
        "licence from the card metadata, the license: tag, LICENSE files and the card text "
        "(least open wins)."
    )
    # 2.2: what the repository shows about MOF components (card, config, branches, papers)
    # 2.3: adapter-only weights are a doubt; unread archives are not absence
    # 2.4: an empty LICENSE is unreadable; a third party's quantised copy is a doubt; an ONNX
    # graph whose external data file is missing is not weights; weights under half the size
    # the repository's name claims (without a config.json) are a doubt
    # 2.5: licences real releases use (Stability AI, NVIDIA, Mistral MRL, TII Falcon, Tencent
    # Hunyuan, EXAONE, Baichuan 2) and the Hub's gpl/lgpl/gfdl/bsd/cc tags are read; a family
    # tag takes the member another source names; a known `license_link` settles `other`
    # 2.5.1: a .tar.bz2 is an archive too (one table with the code checker's, `archives`)
    # 2.6: a Hub licence list is read as alternatives where the card or a licence file says
    # so (licences/dual.py); namespaces sharing a common first word (meta-llama, meta-math)
    # are not one organisation, so a copy between them is a copy (derived.same_organisation);
    # the GFDL is an open content licence (FSF-libre, on MOT's open-data list)
    version = "2.6.0"
    kinds = frozenset({ArtifactKind.HF_MODEL})

    def run(self, artifact: ArtifactRef, clients: Clients, now: datetime) -> CheckResult:
        """Check one model repository and return a verdict with evidence."""
        seen = Observation(clients.hub.endpoint, hub_locator(artifact))
        return run_check(
            self, artifact, now, seen, lambda obs: _check(artifact, clients.hub, obs, clients.http)
        )


def _check(
    artifact: ArtifactRef, hub: HubClient, seen: Observation, pages: object = None
) -> Outcome:
    repo = open_repo(hub, "model", artifact.locator, seen)
    if isinstance(repo, Outcome):
        return repo
    info, files = repo
    seen.facts[MOF_FACT] = observe_model_repo(hub, pages, info, tuple(f.path for f in files))
    grouping = group_sets(hub, info, files)
    _record_candidates(seen, grouping, info)
    if not grouping.sets:
        refuse_unseen_absence(seen, len(files), "weight file")
        _refuse_unread_archives(files)
        return Outcome(Verdict.ABSENT, (_no_weights_reason(files), *grouping.notes))
    reader = Reader(hub, info, paths=frozenset(f.path for f in files))
    judged = [_against_summary(j, info) for j in judge_all(reader, grouping.sets, info.safetensors)]
    _record_readings(seen, judged, reader)
    main = main_set(judged)
    if main is None:
        return _without_complete_set(artifact, hub, repo, seen, grouping, judged, reader)
    reasons = [main.reason, *_main_notes(main, info, reader)]
    others = [
        (sentences.described(j.set), j.format)  # an index names its shards, not itself
        for j in judged
        if j is not main and j.format is not None and j.state is not SetState.INCOMPLETE
    ]
    reasons += [sentences.also_published(others)] if others else []
    reasons += [j.reason for j in judged if j is not main and j.state is SetState.INCOMPLETE]
    reasons += grouping.notes
    _doubts(seen, main)
    _adapter_doubt(hub, info, seen, main, {f.path for f in files})
    _copy_doubt(hub, info, seen, main, {f.path for f in files})
    _config_floor_doubt(seen, main, config_bound.read_floor(hub, info, {f.path for f in files}))
    verdict, licence_reasons = licence_verdict(
        hub, repo, artifact, LicenceKind.WEIGHTS, seen, _gate_reason(info.gate_mode)
    )
    return Outcome(verdict, tuple(reasons + licence_reasons))


def _without_complete_set(
    artifact: ArtifactRef,
    hub: HubClient,
    repo: tuple[HubRepoInfo, tuple[HubFile, ...]],
    seen: Observation,
    grouping: Grouping,
    judged: list[SetJudgement],
    reader: Reader,
) -> Outcome:
    info = repo[0]
    gated = [j for j in judged if j.state is SetState.GATED]
    if gated:  # the gate hides the bytes: decide from the listing, as the names promise
        reasons = [j.reason for j in judged] + grouping.notes + _gated_index_notes(grouping)
        reasons += [sentences.hub_summary(info.safetensors)] if info.safetensors else []
        verdict, licence_reasons = licence_verdict(
            hub, repo, artifact, LicenceKind.WEIGHTS, seen, _gate_reason(info.gate_mode)
        )
        return Outcome(verdict, tuple(reasons + licence_reasons))
    if any(j.state is SetState.NOT_READ for j in judged):
        raise AdapterError(
            FailureKind.REFUSED,
            f"the header-read cap ({reader.cap} files) was reached before every weight set "
            "was read; sets never read cannot be called absent",
        )
    reasons = [sentences.no_complete_set(len(judged)), *(j.reason for j in judged)]
    return Outcome(Verdict.ABSENT, tuple(reasons + grouping.notes))


def _main_notes(main: SetJudgement, info: HubRepoInfo, reader: Reader) -> list[str]:
    notes = []
    if main.sampled:
        paths = reader.sampled.get(main.set.name, ())
        total = len(main.set.arrays or main.set.files)
        notes.append(sentences.sampled_reads(main.set.name, paths, total, reader.cap))
    return notes


def _against_summary(judgement: SetJudgement, info: HubRepoInfo) -> SetJudgement:
    # A sampled safetensors set is held to the Hub's own count: its files must be long
    # enough for the tensors the Hub counted in them.
    summary = info.safetensors
    if (
        summary is None
        or not judgement.sampled
        or judgement.state is not SetState.COMPLETE
        or judgement.format is not WeightFormat.SAFETENSORS
        or judgement.set.size is None
    ):
        return judgement
    needed = sum(n * DTYPE_BITS.get(d, 8) // 8 for d, n in summary.parameters.items())
    if judgement.set.size >= needed * SUMMARY_BYTES_SHARE:
        return judgement
    reason = (
        f"{sentences.hub_summary(summary)[:-1]} ({human_size(needed)} at their dtypes), but "
        f"{sentences.described(judgement.set)} hold only {human_size(judgement.set.size)}: "
        "some shards not read are shorter than their headers say."
    )
    return SetJudgement(judgement.set, SetState.INCOMPLETE, reason, judgement.readings, True)


def _doubts(seen: Observation, main: SetJudgement) -> None:
    if main.set.intermediate:
        detail = sentences.only_intermediate(main.set.intermediate)
        seen.doubt(DoubtId.INTERMEDIATE_CHECKPOINTS_ONLY, detail)
    for reading in main.readings:
        if reading.unsafe_imports:
            seen.doubt(DoubtId.UNSAFE_PICKLE, sentences.unsafe(reading))


def _adapter_doubt(
    hub: HubClient, info: HubRepoInfo, seen: Observation, main: SetJudgement, paths: set[str]
) -> None:
    adapter_paths = [f.path for f in main.set.files]
    if not adapters.only_adapters(adapter_paths):
        return
    base = adapters.base_model(hub, info, adapter_paths[0], paths)
    seen.facts["adapter_base_model"] = base
    seen.doubt(DoubtId.ADAPTER_ONLY, adapters.sentence(adapter_paths, base))


def _copy_doubt(
    hub: HubClient, info: HubRepoInfo, seen: Observation, main: SetJudgement, paths: set[str]
) -> None:
    copy = derived.third_party_copy(hub, info, main.format, paths)
    if copy is not None:
        seen.facts["third_party_copy_of"] = copy.original
        seen.doubt(DoubtId.THIRD_PARTY_COPY, copy.sentence(info.repo_id))


def _refuse_unread_archives(files: tuple[HubFile, ...]) -> None:
    # An archive may hold the weights; its members are not read, so absence is not shown.
    archives = [f for f in files if is_large_archive(f)]
    if archives:
        named = ", ".join(f"{f.path} ({human_size(f.size)})" for f in archives[:3])
        raise AdapterError(
            FailureKind.REFUSED,
            f"no weight file is listed, but {named} may hold weights packed in an archive, "
            "whose members are not read; absence is not shown",
        )


def _config_floor_doubt(
    seen: Observation, main: SetJudgement, floor: config_bound.ConfigFloor | None
) -> None:
    # Only a whole count is held to the floor: a sample without the Hub's total is partial.
    total = sum(main.parameters.values())
    if not total or (main.sampled and seen.facts.get("hub_safetensors") is None):
        return
    short_of_name = name_size.smaller_than_named(seen.locator, main.parameters)
    if short_of_name and floor is None:  # a config.json's floor, when there is one, decides
        seen.doubt(DoubtId.WEIGHTS_SMALLER_THAN_NAME, short_of_name + ".")
    if floor is None:
        return
    seen.facts["config_embedding_floor"] = floor.parameters
    if config_bound.too_small(total, floor):
        seen.doubt(DoubtId.WEIGHTS_SMALLER_THAN_CONFIG, sentences.below_floor(total, floor))


def _record_candidates(seen: Observation, grouping: Grouping, info: HubRepoInfo) -> None:
    candidates = {f.path: f for s in grouping.sets for f in s.files}
    seen.files = [FileFound(f.path, f.size) for f in sorted(candidates.values(), key=_path)]
    seen.total_size = total_size(seen.files)
    seen.facts["weight_file_count"] = len(candidates)
    if info.safetensors is not None:
        seen.facts["hub_safetensors"] = {
            "parameters": dict(info.safetensors.parameters),
            "total": info.safetensors.total,
        }


def _record_readings(seen: Observation, judged: list[SetJudgement], reader: Reader) -> None:
    seen.facts["weight_sets"] = tuple(j.as_fact() for j in judged[:MAX_SET_FACTS])
    if len(judged) > MAX_SET_FACTS:
        seen.facts["weight_sets_omitted"] = len(judged) - MAX_SET_FACTS
    seen.facts["weight_files_read"] = tuple(r.as_fact() for j in judged for r in j.readings)
    seen.facts.update(header_reads=reader.reads, header_read_cap=MAX_HEADER_READS)
    seen.facts["sharded_indexes"] = tuple(
        {"index": j.set.name, "shards": j.set.listed, "missing": j.set.missing}
        for j in judged
        if j.set.kind is SetKind.INDEX
    )
    main = main_set(judged)
    if main is not None:
        seen.facts["weights_format"] = main.format.value if main.format else None
        seen.facts["parameters"] = dict(main.parameters)
        seen.facts["parameter_total"] = sum(main.parameters.values())


def _gated_index_notes(grouping: Grouping) -> list[str]:
    return [f"The shard index {p} is gated: contents not readable." for p in grouping.gated_indexes]


def _path(file: HubFile) -> str:
    return file.path


def _no_weights_reason(files: tuple[HubFile, ...]) -> str:
    suffixes = ", ".join(WEIGHT_SUFFIXES)
    return (
        f"None of the repository's {len(files)} file(s) holds weights: no file is named like "
        f"weights ({suffixes}) and none is a large extensionless checkpoint shard."
    )


def _gate_reason(mode: str | None) -> str:
    how = "approval by the publisher" if mode == "manual" else "accepting the publisher's terms"
    return f"The repository is gated: downloading the weights needs {how}, so they are restricted."
