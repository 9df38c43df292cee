"""The command group; each command lives in the module for its job."""

from __future__ import annotations

import click

from .. import __version__
from .batch import batch_command
from .compare import check_command, compare_command, finalise_command
from .pdf import pdf_command
from .forms import annex2_command, notice_command, referral_command, schema_command
from .plans import amend_command, layouts_command, sections_command
from .serve import serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ehcpdocs")
def cli() -> None:
    """Read, amend and render Education, Health and Care Plans (EHCPs)."""


cli.add_command(sections_command)
cli.add_command(layouts_command)
cli.add_command(amend_command)
cli.add_command(pdf_command)
cli.add_command(annex2_command)
cli.add_command(notice_command)
cli.add_command(referral_command)
cli.add_command(schema_command)
cli.add_command(batch_command)
cli.add_command(compare_command)
cli.add_command(finalise_command)
cli.add_command(check_command)
cli.add_command(serve_command)


def main() -> None:
    cli(prog_name="ehcpdocs")
