"""The fuzzing harness: Hypothesis strategies over review, forms and referral data and over
mutated .docx packages, fed to every library entry point (see ``tests/fuzz/README.md``)."""
