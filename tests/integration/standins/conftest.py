"""Fixtures for the stand-ins' own tests: the reusable ones from standins.pytest_plugin."""

from standins.pytest_plugin import (  # noqa: F401 - re-exported as fixtures
    git_client_env,
    hub_client_env,
    standins_factory,
    standins_module_factory,
)
