"""People: accounts with Argon2 password hashes, login sessions, API tokens, logout.

A token is 32 random bytes shown once; only its SHA-256 digest is stored. Login answers an
unknown name, a disabled account and a wrong password alike, and spends one Argon2
verification on each (a dummy hash stands in for a missing user), so neither the answer nor
its timing tells whether a name exists. Failed attempts per name are throttled in-process.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pledgeflow.adapters.user_repository import UserRecord
from pledgeflow.config import Settings
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork

SESSION_TTL = dt.timedelta(hours=12)
_SCOPE_ROLES = {Role.DONOR_LIAISON: "party", Role.HUB_OPERATOR: "hub"}


class LoginRefused(ServiceError):
    """Wrong name or password: one message for every cause."""


class Throttled(ServiceError):
    """Too many failed logins for one name in the window."""


@dataclass
class LoginThrottle:
    """At most `limit` failures per name in `window`; unknown names count like known ones."""

    limit: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)

    def __post_init__(self) -> None:
        self._failures: dict[str, deque[dt.datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, name: str, now: dt.datetime) -> None:
        with self._lock:
            recent = self._failures[name]
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.limit:
                raise Throttled("too many failed logins for this name; try again later")

    def failed(self, name: str, now: dt.datetime) -> None:
        with self._lock:
            self._failures[name].append(now)


@functools.cache
def _hasher() -> PasswordHasher:
    """Built on first use from the environment's cost settings, so that importing this module
    (every command does) spends no hashing time."""
    settings = Settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )


@functools.cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(user: UserRecord) -> Principal:
    return Principal(user.name, Role(user.role), user.party, user.hub)


def add_user(
    uow: UnitOfWork, name: str, password: str, role: Role, scope: str | None = None
) -> Principal:
    """Donor liaisons are scoped to a donor nation, hub operators to a hub; others to none."""
    if not name.strip() or len(name) > 100 or not name.isprintable():
        raise Rejected("invalid user", ["name: 1 to 100 printable characters"])
    if len(password) < 8:
        raise Rejected("invalid user", ["password: at least 8 characters"])
    if role is Role.PUBLIC:
        raise Rejected("invalid user", ["role: the public needs no account"])
    field = _SCOPE_ROLES.get(role)
    if (field is None) != (scope is None):
        need = f"needs a {field}" if field else "takes no scope"
        raise Rejected("invalid user", [f"scope: role {role} {need}"])
    party = scope if field == "party" else None
    hub = scope if field == "hub" else None
    user = UserRecord(name, _hasher().hash(password), role.value, party, hub, False)
    with uow:
        _check_scope(uow, user)
        if uow.users.get(name) is not None:
            raise Rejected("invalid user", [f"name: user {name!r} already exists"])
        uow.users.add(user)
        uow.commit("add_user")
    return principal_of(user)


def _check_scope(uow: UnitOfWork, user: UserRecord) -> None:
    if user.party is not None:
        donors = uow.datasets.list("parties", {"code": user.party})
        if not donors or not donors[0].has_role(PartyRole.DONOR):
            raise Rejected("invalid user", [f"scope: {user.party!r} is not a donor party"])
    if user.hub is not None:
        hubs = uow.datasets.list("sites", {"code": user.hub})
        if not hubs or not hubs[0].is_hub:
            raise Rejected("invalid user", [f"scope: {user.hub!r} is not a hub"])


def set_password(uow: UnitOfWork, name: str, password: str) -> None:
    """A new password for an existing user, under the same rule as `add_user`."""
    if len(password) < 8:
        raise Rejected("invalid password", ["password: at least 8 characters"])
    with uow:
        user = uow.users.get(name)
        if user is None:
            raise NotFound(f"user {name!r} does not exist")
        uow.users.replace(replace(user, password_hash=_hasher().hash(password)))
        uow.commit("set_password")


def list_users(uow: UnitOfWork) -> list[UserRecord]:
    with uow:
        return uow.users.list()


def disable_user(uow: UnitOfWork, name: str) -> None:
    """A disabled user's tokens stop working at once: authentication checks the flag."""
    with uow:
        user = uow.users.get(name)
        if user is None:
            raise NotFound(f"user {name!r} does not exist")
        uow.users.replace(replace(user, disabled=True))
        uow.commit("disable_user")


def issue_api_token(uow: UnitOfWork, name: str, label: str) -> str:
    """A token for a system acting as `name`; it does not expire, logout revokes it."""
    with uow:
        user = uow.users.get(name)
        if user is None or user.disabled:
            raise NotFound(f"user {name!r} does not exist or is disabled")
        token = secrets.token_urlsafe(32)
        uow.users.add_token(token_digest(token), name, "api", label, uow.now(), SESSION_TTL)
        uow.commit("issue_token")
    return token


def login(
    uow: UnitOfWork, throttle: LoginThrottle, name: str, password: str
) -> tuple[str, Principal]:
    now = uow.now()
    throttle.check(name, now)
    with uow:
        user = uow.users.get(name)
        stored = user.password_hash if user is not None else _dummy_hash()
        if not _verified(stored, password) or user is None or user.disabled:
            throttle.failed(name, now)
            raise LoginRefused("wrong name or password")
        token = secrets.token_urlsafe(32)
        uow.users.add_token(token_digest(token), name, "session", "login", now, SESSION_TTL)
        uow.commit("login")
    return token, principal_of(user)


def _verified(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(uow: UnitOfWork, token: str) -> Principal | None:
    with uow:
        user = uow.users.token_user(token_digest(token), uow.now())
    return None if user is None else principal_of(user)


def logout(uow: UnitOfWork, token: str) -> None:
    with uow:
        uow.users.revoke(token_digest(token))
        uow.commit("logout")
