"""The Argon2 cost is a setting: new hashes carry it, hashes made at another cost still verify."""

from __future__ import annotations

from dataclasses import replace

from argon2 import PasswordHasher

from pledgeflow.bootstrap import Container
from pledgeflow.config import Settings
from pledgeflow.service import users
from pledgeflow.service.access import Role

PASSWORD = "correct horse battery"


def test_the_cost_comes_from_the_environment() -> None:
    settings = Settings()
    # tests/conftest.py lowers the cost through the two PLEDGEFLOW_ variables.
    assert (settings.password_hash_time_cost, settings.password_hash_memory_kib) == (1, 64)


def test_new_hashes_use_the_setting_and_old_ones_still_verify(container: Container) -> None:
    users.add_user(container.uow(), "cheap", PASSWORD, Role.AUDITOR)
    with container.uow() as uow:
        stored = uow.users.get("cheap")
        assert stored is not None
        assert "$m=64,t=1," in stored.password_hash
        costly = PasswordHasher(time_cost=2, memory_cost=1024).hash(PASSWORD)
        uow.users.replace(replace(stored, password_hash=costly))
        uow.commit("test")
    token, principal = users.login(container.uow(), users.LoginThrottle(), "cheap", PASSWORD)
    assert principal.name == "cheap"
    assert token
