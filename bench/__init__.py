"""Benchmarks. Not part of the running system: no installed app, and nothing under casemgmt/ or the
apps imports it; `scripts/bench_search.py` (`make bench-search`) runs the search benchmark."""
