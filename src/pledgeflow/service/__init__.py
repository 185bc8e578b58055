"""Use cases: each command runs in one unit of work."""
