"""Discovery: from one Hub model id to the release's proposed artifacts, each with provenance.

- `card`: a README into mentions (link, line, headings); `paper`: an arXiv abstract page.
- `links`: what a URL points at; `rules`: the commented tables (`repo_names`: what a
  repository's own name says); `rank`: scores per mention.
- `pool`: candidates kept per location, then sifted (tools, paper hosts, floors).
- `propose`: mentions into ranked proposals (pure); `reader`: the same through the ports.
- `confirm`: proposed datasets checked with the Hub; `near_names`: what a missing id became.
- `variants`: which repositories of an organisation are one release (the lab sweep).
"""

from registry.discovery.model import Confidence, Discovery, Mention, Proposal, Role, SetAside
from registry.discovery.propose import Sources, propose
from registry.discovery.reader import DiscoveryFailed, discover

__all__ = [
    "Confidence",
    "Discovery",
    "DiscoveryFailed",
    "Mention",
    "Proposal",
    "Role",
    "SetAside",
    "Sources",
    "discover",
    "propose",
]
