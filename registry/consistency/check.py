"""The consistency check: read what the pillar checks pointed at, then compare. Ports only.

Every read goes through the registry's ports, so the guards, timeouts and offline rewrites
of the adapters apply. A failed read makes its finding *unverified*, never a difference:
a Hub that timed out says nothing about whether the code explains the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from registry.consistency import architecture, data, environment, pin_checks, pins
from registry.consistency.data_names import NamedSource, Text, named_sources
from registry.consistency.report import (
    ArchitectureFinding,
    ArchitectureState,
    ConsistencyReport,
    Coverage,
    DataFinding,
    EnvironmentFinding,
    EnvironmentState,
    PinFinding,
    PinState,
    ReproducibilityTuple,
)
from registry.consistency.sources import (
    DATA_SCRIPT,
    ArtifactSeen,
    card_datasets,
    choose_reads,
    data_artifacts,
    first,
    header_parameters,
    is_config,
    training_files,
)
from registry.model import ArtifactKind, FailureKind
from registry.ports import AdapterError, Clients

TEXT_BYTES = 256 * 1024
CARD = "model card"


@dataclass
class _Read:
    """What the check read, and what it could not."""

    config_json: str | None = None
    card: str = ""
    code_paths: tuple[str, ...] = ()
    code_texts: dict[str, str] = field(default_factory=dict)
    data: list[data.DataArtifact] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # "weights"/"code"/"data" -> why


def check_consistency(seen: Sequence[ArtifactSeen], clients: Clients) -> ConsistencyReport:
    """Return the release's consistency findings, reading through the clients."""
    weights, code = first(seen, ArtifactKind.HF_MODEL), first(seen, ArtifactKind.GIT)
    read = _Read()
    _read_weights(weights, clients, read)
    training = training_files(code) if code else []
    _read_code(code, training, clients, read)
    _read_data(data_artifacts(seen), clients, read)
    arch = _architecture(weights, training, read)
    chosen = arch.config
    named = named_sources(_data_texts(read, training, chosen), card_datasets(read.card))
    data_finding = _data(named, read)
    code_pin, data_pin = _pins(code, data_artifacts(seen), read, clients)
    return ConsistencyReport(
        architecture=arch,
        data=data_finding,
        code_pin=code_pin,
        data_pin=data_pin,
        environment=_environment(code, read),
        reproducibility=_tuple(weights, code, data_artifacts(seen), code_pin, data_pin),
    )


def _read_weights(weights: ArtifactSeen | None, clients: Clients, read: _Read) -> None:
    if weights is None:
        return
    repo, rev = weights.ref.locator, weights.revision
    try:
        read.config_json = _optional(
            lambda: clients.hub.read_text("model", repo, "config.json", rev, TEXT_BYTES)
        )
        read.card = (
            _optional(lambda: clients.hub.read_text("model", repo, "README.md", rev, TEXT_BYTES))
            or ""
        )
    except AdapterError as error:
        read.failures["weights"] = f"{repo}: {error.message}"


def _read_code(
    code: ArtifactSeen | None, training: list[str], clients: Clients, read: _Read
) -> None:
    if code is None:
        return
    try:
        inspection = clients.git.inspect(
            code.ref.locator,
            lambda paths: choose_reads(paths, training),
            TEXT_BYTES,
            ref=code.revision,
        )
    except AdapterError as error:
        read.failures["code"] = f"{code.ref.locator}: {error.message}"
        return
    read.code_paths, read.code_texts = inspection.paths, dict(inspection.texts)


def _read_data(artifacts: list[ArtifactSeen], clients: Clients, read: _Read) -> None:
    for artifact in artifacts:
        files = artifact.files
        if artifact.ref.kind is ArtifactKind.HF_DATASET:
            try:
                listing = clients.hub.list_files("dataset", artifact.ref.locator, artifact.revision)
                files = tuple(f.path for f in listing.files)
            except AdapterError as error:
                read.failures.setdefault("data", f"{artifact.ref.locator}: {error.message}")
        read.data.append(data.DataArtifact(artifact.ref.locator, files))


def _architecture(
    weights: ArtifactSeen | None, training: list[str], read: _Read
) -> ArchitectureFinding:
    for side in ("weights", "code"):
        if side in read.failures:
            return ArchitectureFinding(
                ArchitectureState.UNVERIFIED, f"Could not read the {side}: {read.failures[side]}."
            )
    repo = weights.ref.locator if weights else ""
    released = architecture.released_from(read.config_json, header_parameters(weights), repo)
    configs = [
        architecture.TrainingConfig(p, t)
        for p, t in read.code_texts.items()
        if is_config(p) and (p in training or _beside_training(p, training))
    ]
    return architecture.compare(released, configs)


def _beside_training(path: str, training: list[str]) -> bool:
    folder = path.rpartition("/")[0]
    return any(t.rpartition("/")[0] == folder for t in training)


def _data_texts(read: _Read, training: list[str], chosen: str | None) -> list[Text]:
    # The chosen config names this model's data; another size's config names its own.
    texts = [Text(CARD, read.card)] if read.card else []
    for path, text in read.code_texts.items():
        other_config = chosen is not None and path != chosen and _beside_training(path, [chosen])
        is_training = path in training or DATA_SCRIPT.search(path) is not None
        if is_training and not other_config and not environment.is_environment_file(path):
            texts.append(Text(path, text))
    return texts


def _data(named: list[NamedSource], read: _Read) -> DataFinding:
    if "data" in read.failures and not any(a.files for a in read.data):
        return DataFinding(
            Coverage.UNVERIFIED, f"Could not list the data: {read.failures['data']}."
        )
    return data.compare(named, read.data)


def _pins(
    code: ArtifactSeen | None, datasets: list[ArtifactSeen], read: _Read, clients: Clients
) -> tuple[PinFinding, PinFinding]:
    readme = next(
        (t for p, t in read.code_texts.items() if "/" not in p and p.lower().startswith("readme")),
        "",
    )
    texts = [Text(CARD, read.card), Text("README", readme)]
    hub_ids = [d.ref.locator for d in datasets if d.ref.kind is ArtifactKind.HF_DATASET]
    code_pins, data_pins = pins.find_pins(texts, code.ref.locator if code else None, hub_ids)
    return (
        pin_checks.verify_code(code, code_pins, clients),
        pin_checks.verify_data(datasets, data_pins, clients),
    )


def _environment(code: ArtifactSeen | None, read: _Read) -> EnvironmentFinding:
    if code is None:
        return EnvironmentFinding(EnvironmentState.NONE, "The release declares no code repository.")
    if "code" in read.failures:
        return EnvironmentFinding(
            EnvironmentState.UNVERIFIED, f"Could not read the code: {read.failures['code']}."
        )
    return environment.assess(read.code_texts, read.code_paths)


def _tuple(
    weights: ArtifactSeen | None,
    code: ArtifactSeen | None,
    datasets: list[ArtifactSeen],
    code_pin: PinFinding,
    data_pin: PinFinding,
) -> ReproducibilityTuple:
    code_pinned = code_pin.state is PinState.PINNED
    data_pinned = data_pin.state is PinState.PINNED
    return ReproducibilityTuple(
        weights_revision=weights.revision if weights else None,
        code_commit=code_pin.resolved if code_pinned else (code.revision if code else None),
        code_commit_pinned=code_pinned,
        data_revision=data_pin.resolved
        if data_pinned
        else (datasets[0].revision if datasets else None),
        data_revision_pinned=data_pinned,
    )


def _optional(read_text: Callable[[], str]) -> str | None:
    # A file that is not there is a fact (no config.json); any other failure propagates.
    try:
        return read_text()
    except AdapterError as error:
        if error.kind in (FailureKind.NOT_FOUND, FailureKind.GATED, FailureKind.UNAUTHORISED):
            return None
        raise
