"""The only code that knows SQL and file formats."""
