"""Discovery and the framework imports read links for different ends, but from one table of
sites (registry/network/sites.py): they agree on which URLs name a repository, and which."""

from __future__ import annotations

import pytest

from registry.discovery.links import TargetKind, classify
from registry.frameworks.links import LinkUse, read_link
from registry.model import Pillar

# (url, the pillar an index would file it under, the repository both must find or None)
CASES = [
    ("https://github.com/allenai/OLMo", Pillar.CODE, "https://github.com/allenai/OLMo"),
    ("https://www.github.com/allenai/OLMo", Pillar.CODE, "https://github.com/allenai/OLMo"),
    ("https://github.com/allenai/OLMo/tree/main/scripts", Pillar.CODE, "https://github.com/allenai/OLMo"),
    ("https://github.com/allenai/OLMo/issues", Pillar.CODE, "https://github.com/allenai/OLMo"),
    ("https://codeberg.org/forgejo/forgejo", Pillar.CODE, "https://codeberg.org/forgejo/forgejo"),
    ("https://gitee.com/mindspore/mindformers", Pillar.CODE, "https://gitee.com/mindspore/mindformers"),
    ("https://github.com/orgs/allenai", Pillar.CODE, None),
    ("https://github.com/topics/llm", Pillar.CODE, None),
    ("https://github.com/readme/guides", Pillar.CODE, None),
    ("https://huggingface.co/datasets/allenai/dolma", Pillar.DATA, "allenai/dolma"),
    ("https://huggingface.co/datasets/allenai/dolma/tree/main", Pillar.DATA, "allenai/dolma"),
    ("https://huggingface.co/datasets/c4", Pillar.DATA, "c4"),
    ("https://huggingface.co/datasets/wikitext/viewer/wikitext-2", Pillar.DATA, "wikitext"),
    ("https://huggingface.co/allenai/OLMo-7B", Pillar.WEIGHTS, "allenai/OLMo-7B"),
    ("https://huggingface.co/allenai/OLMo-7B/discussions", Pillar.WEIGHTS, "allenai/OLMo-7B"),
    ("https://huggingface.co/docs/hub", Pillar.WEIGHTS, None),
    ("https://huggingface.co/welcome", Pillar.WEIGHTS, None),
    ("https://huggingface.co/models/anything", Pillar.WEIGHTS, None),
    ("https://huggingface.co/spaces/allenai/demo", Pillar.WEIGHTS, None),
    ("https://huggingface.co/collections/allenai/olmo-suite", Pillar.WEIGHTS, None),
]
REPOSITORY_KINDS = {TargetKind.GIT_REPO, TargetKind.GIT_FILE, TargetKind.HF_MODEL,
                    TargetKind.HF_DATASET}  # fmt: skip


@pytest.mark.parametrize(("url", "pillar", "repository"), CASES)
def test_both_readers_find_the_same_repository(url: str, pillar: Pillar, repository: str) -> None:
    target = classify(url)
    found = target.locator if target.kind in REPOSITORY_KINDS else None
    reading = read_link(url, pillar)
    imported = reading.locator if reading.use is LinkUse.ARTIFACT else None
    assert (found, imported) == (repository, repository)
