"""``ehcpdocs batch``: amend a folder (or a manifest) of plans, with progress and a report."""

from __future__ import annotations

import sys
from collections import Counter
from contextlib import closing, nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .. import api
from ..batch import (
    DEFAULT_TIMEOUT,
    REPORT_CSV,
    REPORT_JSON,
    pair_folders,
    process_pool,
    read_manifest,
    run,
)
from ..batch.engines import open_executor, parse_executor
from ..batch.executors import kill_workers
from ..errors import ExecutorUnavailableError
from ..batch.report import STATUSES
from ..batch.worker import SAFE_PLAN_ID
from .common import EXIT_INVALID, EXIT_OK, fail, handle_errors

EXIT_INTERRUPTED = 130
EXIT_USAGE = 2


@click.command("batch")
@click.argument("plans_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("reviews_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of plan path, review path (instead of PLANS_DIR REVIEWS_DIR).")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the outputs and report (created if missing).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Plans amended at once, each in its own process (with dask or ray: the worker slots to "
                   "use, and a local cluster's size). [default: one per core, or the cluster's size]")
@click.option("--resume", is_flag=True,
              help="Finish an interrupted batch: keep items already complete, with unchanged inputs and outputs.")
@click.option("--no-pdf", is_flag=True, help="Write the Word documents and summaries only.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Time limit per plan in seconds; a plan over it is reported failed (0: no limit).")
@click.option("--markup", type=click.Choice(sorted(api.MARKUP_SCHEMES)), default="bold-strike", show_default=True,
              help="How amendments are shown in the marked-up plans.")
@click.option("--layout", "layout", metavar="FILE|NAME", default=None,
              help="A layout profile for the plans' template: a YAML file or a shipped profile's name.")
@click.option("--no-identity-check", is_flag=True,
              help="Amend plans whose name or date of birth cannot be read (what they show must still match); "
                   "the report records the check as skipped.")
@click.option("--executor", "executor_spec", metavar="ENGINE", default=None,
              help="Where plans are amended: process (the default, a local process pool), dask (a local "
                   "Dask cluster), dask://HOST:PORT (a Dask scheduler), ray (local Ray) or ray://HOST:PORT. "
                   "Workers get each plan as bytes and need no shared disk.")
@click.option("--dask-scheduler", metavar="ADDRESS", default=None,
              help="The same as --executor dask://ADDRESS.")
@handle_errors
def batch_command(plans_dir: Path | None, reviews_dir: Path | None, manifest: Path | None, outdir: Path,
                  workers: int | None, resume: bool, no_pdf: bool, timeout: float, markup: str,
                  layout: str | None, no_identity_check: bool, executor_spec: str | None,
                  dask_scheduler: str | None) -> None:
    """Amend every plan in PLANS_DIR with its review in REVIEWS_DIR (or the pairs in --manifest).

    Reviews are paired with plans by plan_id: the plan's reference, else its file name. Each
    plan gets the files `ehcpdocs amend` writes (plus the Annex 2 report when the review has
    its fields), and OUTDIR/report.csv and report.json list every item: amended, unchanged,
    failed (with the reason) or skipped (no partner). One bad plan never stops the batch.
    If the batch is interrupted, run the same command with --resume to finish it.
    With --executor dask://HOST:PORT or ray://HOST:PORT the plans are amended on a cluster;
    only this machine reads the inputs and writes OUTDIR.
    Exit 0 when no item failed, 1 otherwise, 2 on usage errors (also: the engine is not
    installed or cannot be reached), 130 when interrupted.
    """
    if manifest is not None and (plans_dir or reviews_dir):
        raise click.UsageError("give either PLANS_DIR REVIEWS_DIR or --manifest, not both")
    if manifest is None and not (plans_dir and reviews_dir):
        raise click.UsageError("give PLANS_DIR and REVIEWS_DIR, or --manifest FILE.csv")
    try:
        engine = parse_executor(executor_spec, dask_scheduler)
    except ExecutorUnavailableError as error:
        fail(str(error), EXIT_USAGE)
    # Pairing reads the plans here (a local pool), since only this machine sees them.
    pool = process_pool(workers)
    display = ProgressDisplay(Console(highlight=False))
    try:
        limit = timeout or None
        if manifest:
            items = read_manifest(manifest)
        else:
            items = pair_folders(plans_dir, reviews_dir, executor=pool, timeout=limit, layout=layout)
        local = engine.engine == "process"
        if not local:
            pool.shutdown(wait=True)  # its processes would sit idle beside the cluster's
        try:
            opened = nullcontext((pool, workers)) if local else open_executor(engine, workers)
            with opened as (executor, slots):
                display.start(len(items))
                with closing(run(items, outdir, executor=executor, workers=slots, pdf=not no_pdf, markup=markup,
                                 timeout=limit, resume=resume, layout=layout,
                                 check_identity=not no_identity_check)) as results:
                    for result in results:
                        display.item(result)
        except ExecutorUnavailableError as error:
            display.stop()
            fail(str(error), EXIT_USAGE)
    except KeyboardInterrupt:
        kill_workers(pool)
        display.stop()
        click.echo(f"interrupted after {display.done} of {display.total} items; "
                   "run the same command with --resume to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        display.stop()
        pool.shutdown(wait=True)
    display.summary(outdir)
    sys.exit(EXIT_INVALID if display.counts["failed"] else EXIT_OK)


def log_name(plan_id: str, position: int) -> str:
    """How logs name an item: its plan_id, unless it may be a file name (which can name a child)."""
    return plan_id if SAFE_PLAN_ID.fullmatch(plan_id) else f"item {position}"


class RateColumn(ProgressColumn):
    """Items per second."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "-/s")


class ProgressDisplay:
    """A rich progress bar on a terminal; one plain line per item otherwise."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.interactive = console.is_terminal
        self.progress: Progress | None = None
        self.task = None
        self.total = 0
        self.done = 0
        self.counts: Counter = Counter()
        self.seconds = 0.0
        self.failures: list[tuple[str, str]] = []

    def start(self, total: int) -> None:
        self.total = total
        if not self.interactive:
            return
        self.progress = Progress(
            TextColumn("amending"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"), RateColumn(), TimeRemainingColumn(),
            console=self.console, transient=False,
        )
        self.task = self.progress.add_task("amending", total=total, failed=0)
        self.progress.start()

    def item(self, result) -> None:
        self.done += 1
        self.counts[result.status] += 1
        self.seconds += result.seconds
        name = log_name(result.plan_id, self.done)
        if result.failed:
            self.failures.append((name, result.log_reason))
        if self.progress is not None:
            self.progress.update(self.task, advance=1, failed=self.counts["failed"])
            return
        detail = f": {result.log_reason}" if result.log_reason else ""
        resumed = ", done earlier" if result.resumed else ""
        click.echo(f"[{self.done}/{self.total}] {name} {result.status}{detail} ({result.seconds:.2f}s{resumed})")

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def summary(self, outdir: Path) -> None:
        table = Table(title="ehcpdocs batch", show_header=True)
        table.add_column("status")
        table.add_column("items", justify="right")
        for status in STATUSES:
            table.add_row(status, str(self.counts.get(status, 0)))
        table.add_row("total", str(self.done))
        self.console.print(table)
        for name, reason in self.failures:
            self.console.print(f"failed: {name}: {reason}", markup=False)
        self.console.print(f"report: {Path(outdir) / REPORT_CSV}, {Path(outdir) / REPORT_JSON}", markup=False)
