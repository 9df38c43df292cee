"""``python -m ehcpdocs``: the command line."""

from .cli import main

main()
