"""The security suite reuses the API's in-process mission (two donors, one user per role)
and the in-process CLI."""

from tests.api.conftest import app, client, sign_in
from tests.e2e.conftest import cli

__all__ = ["app", "cli", "client", "sign_in"]
