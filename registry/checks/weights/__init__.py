"""The weights checker and its parts: names, sets, header reading, judging, sentences."""

from __future__ import annotations

from registry.checks.weights.checker import WeightsChecker
from registry.checks.weights.names import WEIGHT_SUFFIXES, is_weight_file

__all__ = ["WEIGHT_SUFFIXES", "WeightsChecker", "is_weight_file"]
