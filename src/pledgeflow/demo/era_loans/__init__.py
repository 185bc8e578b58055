"""The G7 ERA loans as public reference figures with assumed terms (see README.md here)."""

from pathlib import Path

FOLDER = Path(__file__).parent
