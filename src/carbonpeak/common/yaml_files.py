"""YAML the product ships (data files beside the code) read with libyaml's safe loader.

Pure module (no Django). PyYAML's `safe_load` is the pure-Python loader, 10–30× slower than libyaml's: the
roadmap's base data alone took over 2 s a read with it, on every dashboard computed after a write. Files a user
uploads are read by `common.limits.load_yaml`, which checks their size first.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


def parse_yaml(text: str) -> Any:
    """A YAML document read with the safe loader (no objects built from tags)."""
    return yaml.load(text, Loader=_LOADER)
