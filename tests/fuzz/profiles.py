"""Hypothesis profiles of the fuzz tests, chosen by ``EHCPDOCS_FUZZ_PROFILE``.

- ``ci`` (the default, what ``make test`` runs): a few derandomised examples per target and small
  sizes, so the fuzz tests take well under 30 seconds and give the same cases every run;
- ``dev``: ten times as many random examples, still small sizes;
- ``fuzz``: what ``make fuzz`` uses (``run.py`` sets the number of examples per round): random,
  full sizes (megabyte texts, deep nesting to 100,000 levels), no shrinking.

The profiles are applied to the fuzz tests only (never loaded globally), so other property
tests in the suite keep their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, Verbosity, settings

PROFILE_VARIABLE = "EHCPDOCS_FUZZ_PROFILE"

settings.register_profile(
    "ehcpdocs-fuzz-ci", max_examples=6, derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=list(HealthCheck), phases=(Phase.explicit, Phase.generate),
)
settings.register_profile(
    "ehcpdocs-fuzz-dev", max_examples=40, derandomize=False, database=None, deadline=None, print_blob=True,
    suppress_health_check=list(HealthCheck), phases=(Phase.explicit, Phase.generate, Phase.shrink),
)
settings.register_profile(
    "ehcpdocs-fuzz-fuzz", max_examples=4, derandomize=False, database=None, deadline=None, verbosity=Verbosity.quiet,
    suppress_health_check=list(HealthCheck), phases=(Phase.generate, Phase.target),
)

SCALES = {"ci": 0, "dev": 0, "fuzz": 1}


def profile_name() -> str:
    name = os.environ.get(PROFILE_VARIABLE, "ci")
    if name not in SCALES:
        raise SystemExit(f"{PROFILE_VARIABLE}={name!r}: use one of {', '.join(SCALES)}")
    return name


def current() -> settings:
    return settings.get_profile(f"ehcpdocs-fuzz-{profile_name()}")


def scale() -> int:
    """0: small sizes (make test); 1: full sizes (make fuzz)."""
    return SCALES[profile_name()]


def examples_for(weight: float, base: int | None = None) -> int:
    """How many examples a target of this weight gets per run of its test."""
    base = current().max_examples if base is None else base
    return max(1, round(base * weight))
