"""Baselines the planner is measured against (bench only; not part of the package)."""
