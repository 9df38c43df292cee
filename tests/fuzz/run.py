"""``make fuzz``: run the fuzz targets for as long as asked, count, record and save failures.

    .venv/bin/python -m fuzz.run --seconds 600 [--jobs 2] [--targets amend.plan,to_pdf.plan]
    .venv/bin/python -m fuzz.run --replay [--write-known]   # which saved inputs still fail

(run from ``tests/``, or through ``make fuzz FUZZ_SECONDS=600 FUZZ_JOBS=2``). Targets take turns
by weight, a few Hypothesis examples at a time, at full sizes and without shrinking. Every case
is judged by the property in ``harness.py``. A failing input is saved under
``tests/fuzz/corpus/`` (at most ``--keep`` inputs per distinct failure: entry point, kind,
exception and innermost ehcpdocs frame), so ``make test`` replays it; every failing input is
also written to ``out/fuzz/failures/``. The input being run is kept in ``out/fuzz/current/``
so that a case that kills the interpreter is found and saved by the next run.

At the end it prints the number of cases per target and entry point, the total, the wall
time, the failures, the peak memory (maximum resident set of any worker) and the slowest
case, and writes the same as ``out/fuzz/report.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

os.environ.setdefault("EHCPDOCS_FUZZ_PROFILE", "fuzz")

from fuzz import harness, profiles, strategies  # noqa: E402

OUT = REPO / "out" / "fuzz"


class TimeUp(BaseException):
    """The run's time is over: stops the current Hypothesis run at once."""


class Recorder:
    """Counts, failures and the slowest case of one worker."""

    def __init__(self, keep: int, out: Path, corpus: Path) -> None:
        self.keep = keep
        self.out = out
        self.corpus = corpus
        self.cases: Counter = Counter()
        self.results: dict[str, Counter] = defaultdict(Counter)
        self.seconds: Counter = Counter()
        self.failures: list[dict] = []
        self.by_signature: Counter = Counter()
        self.slowest: dict = {"seconds": 0.0}
        self.peak_mb = 0.0
        self.peak_case: dict = {}
        self.saved_failures = 0
        self.harness_errors = 0

    def record(self, case: strategies.Case, outcome: harness.Outcome) -> None:
        self.cases[case.target] += 1
        self.results[case.target][outcome.failure or outcome.raised or "returned"] += 1
        self.seconds[case.target] += outcome.seconds
        peak = outcome.memory_mb
        if peak > self.peak_mb:
            self.peak_mb = peak
            self.peak_case = {"target": case.target, "base": case.base, "peak_mb": round(peak, 1),
                              "seconds": round(outcome.seconds, 3)}
        if outcome.seconds > self.slowest["seconds"]:
            path = self.out / "slowest" / harness.corpus_name(case.target, case.base, case.payload)
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("*"):
                old.unlink()
            path.write_bytes(case.payload)
            self.slowest = {"target": case.target, "base": case.base, "seconds": round(outcome.seconds, 3),
                            "input": str(path), "recipe": repr(case.recipe)[:300],
                            "failure": outcome.failure}
        if outcome.ok:
            return
        signature = outcome.signature
        self.by_signature[signature] += 1
        saved = None
        if self.by_signature[signature] <= self.keep:
            folder = self.corpus / "slow" if outcome.failure in harness.HEAVY_FAILURES else self.corpus
            path = harness.save_input(case.target, case.base, case.payload, folder)
            saved = path.name if path else f"(not saved: {len(case.payload):,} bytes, too large for the corpus)"
        if self.saved_failures < 2000:
            harness.save_input(case.target, case.base, case.payload, self.out / "failures")
            self.saved_failures += 1
        if self.by_signature[signature] <= self.keep:
            self.failures.append({
                "signature": signature, "target": case.target, "base": case.base, "failure": outcome.failure,
                "error": outcome.error, "detail": outcome.detail, "last_frame": outcome.last_frame,
                "our_frame": outcome.our_frame, "seconds": round(outcome.seconds, 3), "saved": saved,
                "recipe": repr(case.recipe)[:300], "traceback": outcome.traceback[-3000:],
            })
            print(f"FAIL {harness.describe_failure(outcome)} -> {saved}", flush=True)

    def summary(self) -> dict:
        return {"cases": dict(self.cases), "results": {k: dict(v) for k, v in self.results.items()}, "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
                "failures": self.failures, "failure_counts": dict(self.by_signature), "slowest": self.slowest,
                "peak_rss_mb": round(self.peak_mb, 1),
                "process_max_rss_mb": round(harness.peak_rss_mb(), 1), "peak_case": self.peak_case,
                "harness_errors": self.harness_errors}


def pending_crash(current: Path, corpus: Path) -> list[dict]:
    """An input left in ``current/`` by a run that died in the middle of it: save it as a failure."""
    found = []
    for path in sorted(current.glob("*")) if current.is_dir() else []:
        target, base = harness.parse_corpus_name(path.name)
        kept = harness.save_input(target, base, path.read_bytes(), corpus)
        saved = kept.name if kept else "(too large for the corpus)"
        found.append({"signature": f"{target.split('.')[0]}|crash|Crash|", "target": target, "base": base,
                      "failure": "crash", "error": "Crash", "detail": "the interpreter died on this input",
                      "saved": saved, "last_frame": "", "our_frame": "", "seconds": 0, "recipe": "", "traceback": ""})
        print(f"FAIL {target} on base {base}: the previous run died on this input -> {saved}", flush=True)
        path.unlink()
    return found


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space, so a runaway case raises MemoryError (a recorded
    failure) instead of waking the system's out-of-memory killer."""
    import resource

    limit = megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker(args) -> dict:
    from hypothesis import given, settings
    from hypothesis import target as steer

    limit_memory(args.memory_cap)

    scale = profiles.scale()
    wanted = [t for t in harness.TARGETS.values() if not args.targets or t.name in args.targets
              or t.entry in args.targets]
    if not wanted:
        raise SystemExit(f"no such target: {', '.join(args.targets)}; targets: {', '.join(harness.TARGETS)}")
    out = Path(args.out)
    current = out / "current" / f"worker-{args.worker}"
    recorder = Recorder(args.keep, out, Path(args.corpus))
    recorder.failures.extend(pending_crash(current, Path(args.corpus)))
    current.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.seconds
    base_settings = profiles.current()
    rounds = 0
    next_note = time.monotonic() + 60

    def body_for(target: harness.Target):
        def body(case):
            if time.monotonic() > deadline:
                raise TimeUp
            marker = current / harness.corpus_name(case.target, case.base, case.payload)
            marker.write_bytes(case.payload)
            outcome = harness.run_case(target, case.payload, case.base)
            marker.unlink()
            recorder.record(case, outcome)
            steer(min(outcome.seconds, 1e6), label="seconds")
        return body

    tests = {}
    for target in wanted:
        examples = profiles.examples_for(target.weight, base_settings.max_examples)
        tests[target.name] = settings(base_settings, max_examples=examples)(
            given(strategies.strategy_for(target, scale))(body_for(target)))
    # workers start at different targets so short runs still spread over all of them
    order = wanted[args.worker % len(wanted):] + wanted[: args.worker % len(wanted)]
    while time.monotonic() < deadline:
        for target in order:
            if time.monotonic() >= deadline:
                break
            try:
                tests[target.name]()
            except TimeUp:
                break
            except Exception as error:  # the harness's own failure (generating a case): say so, go on
                recorder.harness_errors += 1
                print(f"harness error in {target.name}: {type(error).__name__}: {str(error)[:200]}", flush=True)
        rounds += 1
        if time.monotonic() > next_note:
            partial = out / f"worker-{args.worker}.partial.json"
            partial.write_text(json.dumps(recorder.summary()), encoding="utf-8")  # what survives a crash
            total = sum(recorder.cases.values())
            print(f"worker {args.worker}: {total} cases, {len(recorder.failures)} distinct failures saved, "
                  f"{harness.peak_rss_mb():.0f} MiB peak", flush=True)
            next_note = time.monotonic() + 60
    return recorder.summary()


def merge(parts: list[dict]) -> dict:
    cases: Counter = Counter()
    seconds: Counter = Counter()
    counts: Counter = Counter()
    results: dict[str, Counter] = defaultdict(Counter)
    failures: list[dict] = []
    seen: Counter = Counter()
    slowest = {"seconds": 0.0}
    peak = 0.0
    peak_case: dict = {}
    process_peak = 0.0
    for part in parts:
        cases.update(part["cases"])
        for name, counted in part.get("results", {}).items():
            results[name].update(counted)
        seconds.update(part["seconds"])
        counts.update(part["failure_counts"])
        for failure in part["failures"]:
            seen[failure["signature"]] += 1
            failures.append(failure)
        if part["slowest"].get("seconds", 0) > slowest["seconds"]:
            slowest = part["slowest"]
        if part["peak_rss_mb"] > peak:
            peak, peak_case = part["peak_rss_mb"], part["peak_case"]
        process_peak = max(process_peak, part["process_max_rss_mb"])
    return {"cases": dict(cases), "results": {k: dict(v) for k, v in results.items()}, "seconds": dict(seconds), "failure_counts": dict(counts), "failures": failures,
            "slowest": slowest, "peak_rss_mb": peak, "peak_case": peak_case, "process_max_rss_mb": process_peak}


def print_report(report: dict, wall: float, jobs: int) -> None:
    cases = report["cases"]
    by_entry: Counter = Counter()
    for name, count in cases.items():
        by_entry[name.split(".")[0]] += count
    total = sum(cases.values())
    failing_cases = sum(report["failure_counts"].values())
    print()
    print(f"{'target':<28} {'cases':>7} {'mean s':>8}  what the cases did")
    for name in sorted(cases):
        did = sorted(report.get("results", {}).get(name, {}).items(), key=lambda kv: -kv[1])
        print(f"{name:<28} {cases[name]:>7} {report['seconds'].get(name, 0) / max(cases[name], 1):>8.3f}  "
              + ", ".join(f"{kind} {count}" for kind, count in did[:6]))
    print()
    print("cases per entry point: " + ", ".join(f"{k} {v}" for k, v in sorted(by_entry.items())))
    print(f"total cases: {total} in {wall:.0f} s wall time ({jobs} worker{'s' * (jobs > 1)}, "
          f"{total / max(wall, 1e-9):.1f} cases/s)")
    print(f"failing cases: {failing_cases}; distinct failures: {len(report['failure_counts'])}")
    for signature, count in sorted(report["failure_counts"].items(), key=lambda kv: -kv[1]):
        example = next((f for f in report["failures"] if f["signature"] == signature), {})
        print(f"  {count:>6} x {signature}  e.g. {example.get('saved')}: {example.get('detail', '')[:140]}")
    peak_case = report.get("peak_case") or {}
    print(f"peak memory of one case: {report['peak_rss_mb']:.0f} MiB ({harness.BASELINE_MB} MiB for the process "
          f"plus the case's growth; {peak_case.get('target')} on {peak_case.get('base')})")
    slowest = report["slowest"]
    if slowest.get("target"):
        print(f"slowest case: {slowest['target']} on {slowest['base']}, {slowest['seconds']:.2f} s "
              f"({slowest['input']})")


def replay(corpus: Path, *, write_known: bool = False) -> int:
    """Run every saved input once; print the ones that still fail as ``KNOWN_FAILURES`` lines
    (with ``write_known``, write them into ``test_replay.py``; failures in the package reader's
    own modules are never listed there: they are to be fixed)."""
    from fuzz.test_replay import OWN_MODULES

    lines = []
    own = []
    files = harness.corpus_files(corpus) + harness.corpus_files(corpus / "slow")
    for path in files:
        target, base = harness.parse_corpus_name(path.name)
        outcome = harness.run_case(harness.TARGETS[target], harness.read_input(path), base)
        if outcome.ok:
            continue
        module, exception = harness.known_key(outcome)
        line = f'    "{path.relative_to(corpus)}":\n        ("{module}", "{exception}"),  # {outcome.our_frame or outcome.last_frame}'
        print(line.replace("\n       ", ""), flush=True)
        (own if module in OWN_MODULES else lines).append(line)
    print(f"{len(lines) + len(own)} of {len(files)} saved inputs still fail; {len(own)} in the package reader's own modules")
    if write_known:
        test = HERE / "test_replay.py"
        text = test.read_text(encoding="utf-8")
        start = text.index("KNOWN_FAILURES: dict[str, tuple[str, str]] = {")
        start = text.index("\n", start) + 1
        end = text.index("\n}\n", start - 1) + 1
        text = text[:start] + "".join(line + "\n" for line in lines) + text[end:]
        test.write_text(text, encoding="utf-8")
        print(f"wrote {len(lines)} lines into {test.name}")
    return 1 if lines or own else 0


def replay_slow(folder: Path) -> None:
    files = harness.corpus_files(folder)
    failing = 0
    for path in files:
        target, base = harness.parse_corpus_name(path.name)
        outcome = harness.run_case(harness.TARGETS[target], harness.read_input(path), base)
        if not outcome.ok:
            failing += 1
            print(f"  still fails: {harness.describe_failure(outcome)} ({path.name})", flush=True)
    print(f"  {len(files) - failing} of {len(files)} within the bounds now", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 300)))
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("FUZZ_JOBS", 1)))
    parser.add_argument("--targets", default=os.environ.get("FUZZ_TARGETS", ""),
                        help="comma-separated targets or entry points (default: all)")
    parser.add_argument("--keep", type=int, default=3, help="inputs saved to the corpus per distinct failure")
    parser.add_argument("--corpus", default=str(harness.CORPUS))
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--replay", action="store_true", help="replay the saved corpus and stop")
    parser.add_argument("--write-known", action="store_true",
                        help="with --replay: write the inputs that still fail into test_replay.py's KNOWN_FAILURES")
    parser.add_argument("--memory-cap", type=int, default=6144,
                        help="address space of a worker in MiB (a case past it fails with MemoryError)")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.targets = [t for t in args.targets.split(",") if t]
    if args.replay:
        return replay(Path(args.corpus), write_known=args.write_known)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.worker is not None:
        result = worker(args)
        (out / f"worker-{args.worker}.json").write_text(json.dumps(result), encoding="utf-8")
        return 0
    started = time.monotonic()
    print(f"fuzzing {len(args.targets) or len(harness.TARGETS)} targets for {args.seconds:g} s with "
          f"{args.jobs} worker(s); failures go to {args.corpus}", flush=True)
    if args.jobs <= 1:
        args.worker = 0
        parts = [worker(args)]
        (out / "worker-0.partial.json").unlink(missing_ok=True)
    else:
        processes = []
        for index in range(args.jobs):
            command = [sys.executable, "-m", "fuzz.run", "--worker", str(index), "--seconds", str(args.seconds),
                       "--keep", str(args.keep), "--corpus", args.corpus, "--out", args.out,
                       "--memory-cap", str(args.memory_cap)]
            if args.targets:
                command += ["--targets", ",".join(args.targets)]
            processes.append(subprocess.Popen(command, cwd=HERE.parent))
        parts = []
        for index, process in enumerate(processes):
            process.wait()
            result = out / f"worker-{index}.json"
            partial = out / f"worker-{index}.partial.json"
            if result.exists():
                parts.append(json.loads(result.read_text(encoding="utf-8")))
                result.unlink()
            else:
                print(f"worker {index} died (exit {process.returncode}); its input is in "
                      f"{out / 'current' / f'worker-{index}'} and the next run saves it; counting its cases "
                      "up to its last progress note", flush=True)
                if partial.exists():
                    parts.append(json.loads(partial.read_text(encoding="utf-8")))
            partial.unlink(missing_ok=True)
    if not args.targets:
        print("replaying the inputs saved for time or memory (corpus/slow/):", flush=True)
        replay_slow(Path(args.corpus) / "slow")
    wall = time.monotonic() - started
    report = merge(parts)
    report["wall_seconds"] = round(wall, 1)
    report["total_cases"] = sum(report["cases"].values())
    (out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print_report(report, wall, args.jobs)
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
