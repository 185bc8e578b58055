"""The security suite reuses the API's in-process mission: two donors, one user per role."""

from tests.api.conftest import app, client, sign_in

__all__ = ["app", "client", "sign_in"]
