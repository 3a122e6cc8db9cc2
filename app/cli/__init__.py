"""`flask --app app registry ...`: one module per concern, all under one command group."""

from __future__ import annotations

from app.cli.errors import RegistryGroup

registry_cli = RegistryGroup("registry", help="Openness Registry commands.")

# Each module adds its commands to registry_cli when imported.
from app.cli import catalogue, checks, discovery, interop, tokens, users  # noqa: E402,F401
