"""What every command shares: mapping library errors to a one-line message and an exit code."""

from __future__ import annotations

import functools
import os
import sys

import click

from ..errors import EhcpDocsError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a process ended by SIGPIPE


def fail(message: str, code: int = EXIT_INVALID) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(command):
    """Run a command body; an ``EhcpDocsError`` becomes 'error: ...' on stderr and exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except EhcpDocsError as error:
            fail(str(error), EXIT_INVALID)
        except BrokenPipeError:
            # the reader stopped reading (``ehcpdocs sections plan.docx | head``): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug in ehcpdocs, not bad input: say so plainly
            if os.environ.get("EHCPDOCS_DEBUG"):
                raise
            fail(
                f"internal error ({type(error).__name__}); please report it, "
                "and set EHCPDOCS_DEBUG=1 to see the details",
                EXIT_INTERNAL,
            )

    return wrapper
