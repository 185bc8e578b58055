"""Alembic migrations, shipped inside the package so that an installed pledgeflow can migrate."""
