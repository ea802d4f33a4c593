"""`carbonpeak` subcommands of the monitoring room."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this room's subcommands to the top-level parser."""
