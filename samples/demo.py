"""The main job on the sample data, as a coordinator runs it: `make demo`.

Amends every sample plan with its review in one batch (marked-up and final plans, Word and
PDF, summaries and a report), renders the annual review report (Annex 2) and the notice of
proposed amendments with its consultation pack, and renders the two sample referrals. Each
step is an ordinary `ehcpdocs` command, printed before it runs, so you can run it yourself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "out"


def run(*args: str, allowed: tuple[int, ...] = (0,)) -> None:
    shown = " ".join(["ehcpdocs", *(str(Path(a).relative_to(REPO)) if Path(a).is_absolute() else a for a in args)])
    print(f"\n$ {shown}", flush=True)
    completed = subprocess.run([sys.executable, "-m", "ehcpdocs", *args], cwd=REPO)
    if completed.returncode not in allowed:
        sys.exit(f"demo: '{shown}' failed with exit code {completed.returncode}")


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    samples = REPO / "samples"
    full_review = samples / "reviews" / "full" / "LCC-EHCP-1001.json"
    plan = samples / "plans" / "LCC-EHCP-1001.docx"
    run("batch", str(samples / "plans"), str(samples / "reviews"), "-o", str(OUT / "plans"))
    run("annex2", str(full_review), "--plan", str(plan), "-o", str(OUT / "forms"))
    run("notice", str(full_review), str(plan), "-o", str(OUT / "forms"))
    run("referral", str(samples / "referrals" / "complete.json"), "-o", str(OUT / "referrals"))
    run("referral", str(samples / "referrals" / "returned.json"), "-o", str(OUT / "referrals"))
    print("\nDone. The outputs are in:")
    for folder, what in (
        ("plans", "marked-up and final plans (.docx, .pdf), summaries, report.csv and report.json"),
        ("forms", "Annex 2 review report, notice of proposed amendments, consultation pack"),
        ("referrals", "referral summaries"),
    ):
        print(f"  {OUT / folder}/  {what}")


if __name__ == "__main__":
    main()
