"""YAML read through libyaml when PyYAML has it: the catalog is parsed at
every start of every process, and the pure-Python parser spent a quarter of
a second on it. Same safe constructors, so the same values."""

from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> object:
    """The YAML document in `text` (plain values only); yaml.YAMLError if malformed."""
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader
