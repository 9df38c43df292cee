"""The ``ehcpdocs`` command: a thin shell over the library, one library call per command."""

from .main import cli, main

__all__ = ["cli", "main"]
