"""Hub collections: the stand-in answers `HfApi.get_collection` as the Hub does, and so does
the adapter (registry/adapters/hub/ `collection`), on the packaged Neo-Datasets snapshot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from huggingface_hub import HfApi

import standins
from registry.adapters.hub import HubAdapter
from registry.adapters.settings import AdapterSettings
from registry.model import FailureKind
from registry.ports import AdapterError

NEO_DATASETS = "m-a-p/neo-datasets-66395dc55cbebc0a7767bbd5"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with standins.start() as stand_ins:
        yield stand_ins.hub_endpoint.rstrip("/")


def test_the_real_client_reads_the_collection(endpoint: str) -> None:
    collection = HfApi(endpoint=endpoint, token=False).get_collection(NEO_DATASETS, token=False)

    assert collection.slug == NEO_DATASETS and collection.title == "Neo-Datasets"
    assert [(i.item_type, i.item_id, i.position) for i in collection.items] == [
        ("dataset", "m-a-p/Matrix", 0)]
    assert collection.last_updated is not None and collection.last_updated.year == 2024


def test_the_adapter_reads_items_and_maps_a_missing_collection(endpoint: str) -> None:
    hub = HubAdapter(AdapterSettings(hub_endpoint=endpoint, allowed_hosts=frozenset({"127.0.0.1"})))

    assert hub.collection(NEO_DATASETS).items == (("dataset", "m-a-p/Matrix"),)
    with pytest.raises(AdapterError) as missing:
        hub.collection("m-a-p/neo-models-66395a5c9662bb58d5d70f04")
    assert missing.value.kind is FailureKind.NOT_FOUND
    with pytest.raises(AdapterError) as refused:
        hub.collection("m-a-p/../../api/models")
    assert refused.value.kind is FailureKind.REFUSED
