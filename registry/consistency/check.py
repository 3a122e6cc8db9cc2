"""The consistency check: read what the pillar checks pointed at, then compare. Ports only.

Every read goes through the registry's ports, so the guards, timeouts and offline rewrites
of the adapters apply. A failed read makes its finding *unverified*, never a difference:
a Hub that timed out says nothing about whether the code explains the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from registry.consistency import architecture, data, environment, pin_checks, pins
from registry.consistency.data_names import NamedSource, Text, named_sources
from registry.consistency.reading import Read, read_code, read_data, read_weights
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
    data_artifacts,
    first,
    header_parameters,
    is_config,
)
from registry.model import ArtifactKind
from registry.ports import Clients

CARD = "model card"


def check_consistency(seen: Sequence[ArtifactSeen], clients: Clients) -> ConsistencyReport:
    """Return the release's consistency findings, reading through the clients."""
    weights, code = first(seen, ArtifactKind.HF_MODEL), first(seen, ArtifactKind.GIT)
    read = Read()
    read_weights(weights, clients, read)
    read_code(code, clients, read)
    read_data(data_artifacts(seen), clients, read)
    arch = _architecture(weights, read)
    named = named_sources(_data_texts(read, arch.config), card_datasets(read.card))
    code_pin, data_pin = _pins(code, data_artifacts(seen), read, clients)
    return ConsistencyReport(
        architecture=arch,
        data=_data(named, read),
        code_pin=code_pin,
        data_pin=data_pin,
        environment=_environment(code, read),
        reproducibility=_tuple(weights, code, data_artifacts(seen), code_pin, data_pin),
    )


def _architecture(weights: ArtifactSeen | None, read: Read) -> ArchitectureFinding:
    for side in ("weights", "code"):
        if side in read.failures:
            return ArchitectureFinding(
                ArchitectureState.UNVERIFIED, f"Could not read the {side}: {read.failures[side]}."
            )
    repo = weights.ref.locator if weights else ""
    if weights is not None and weights.facts.get("gated") and read.config_json is None:
        return ArchitectureFinding(
            ArchitectureState.NO_RELEASED_CONFIG,
            f"The weights are gated: {repo}'s config.json cannot be read without approval.",
        )
    released = architecture.released_from(read.config_json, header_parameters(weights), repo)
    configs = [
        architecture.TrainingConfig(p, t)
        for p, t in read.code_texts.items()
        if is_config(p) and (p in read.training or _beside_training(p, read.training))
    ]
    return architecture.compare(released, configs)


def _beside_training(path: str, training: list[str]) -> bool:
    folder = path.rpartition("/")[0]
    return any(t.rpartition("/")[0] == folder for t in training)


def _data_texts(read: Read, chosen: str | None) -> list[Text]:
    # The chosen config names this model's data; another size's config names its own.
    texts = [Text(CARD, read.card, markdown=True)] if read.card else []
    for path, text in read.code_texts.items():
        other_config = chosen is not None and path != chosen and _beside_training(path, [chosen])
        is_training = path in read.training or DATA_SCRIPT.search(path) is not None
        if is_training and not other_config and not environment.is_environment_file(path):
            texts.append(Text(path, text))
    return texts


def _data(named: list[NamedSource], read: Read) -> DataFinding:
    if "data" in read.failures and not any(a.files for a in read.data):
        return DataFinding(
            Coverage.UNVERIFIED, f"Could not list the data: {read.failures['data']}."
        )
    return data.compare(named, read.data)


def _pins(
    code: ArtifactSeen | None, datasets: list[ArtifactSeen], read: Read, clients: Clients
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


def _environment(code: ArtifactSeen | None, read: Read) -> EnvironmentFinding:
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
