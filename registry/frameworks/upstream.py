"""Where each framework publishes its files: the public git repository, folder and suffixes.

`flask registry sync mot|osai` reads that folder at a ref (default: the head) through the
git adapter, with all its guards, and imports what was added or changed. The repository
URL is a setting; the layout below is the upstream projects' own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class UpstreamLayout:
    """One framework's repository: where its model files live and which are not model files."""

    framework: str  # the word the sync command takes
    source: str  # the claim source its files import as
    title: str
    default_url: str
    folder: str  # "" for the top level
    suffixes: tuple[str, ...]
    skip_prefixes: tuple[str, ...] = ()  # file names that are the index's own data

    def is_model_file(self, path: str) -> bool:
        """Return True for a model file of this framework (not its parameter files)."""
        name = path.rsplit("/", 1)[-1]
        return path.endswith(self.suffixes) and not name.startswith(self.skip_prefixes)


UPSTREAMS: Mapping[str, UpstreamLayout] = MappingProxyType(
    {
        # MOT keeps one file per model under models/ (registry/data/mof/README.md).
        "mot": UpstreamLayout(
            "mot", "mof", "Model Openness Tool",
            "https://github.com/lfai/model_openness_tool", "models", (".yml", ".yaml"),
        ),
        # OSAI keeps one file per system at the top; _parameters*.yml are its dimension lists.
        "osai": UpstreamLayout(
            "osai", "osai", "European Open Source AI Index",
            "https://github.com/Language-Technology-Assessment/main-database", "",
            (".yaml", ".yml"), ("_",),
        ),
    }
)  # fmt: skip
