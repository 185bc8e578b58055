"""People: accounts with Argon2 password hashes, login sessions, API tokens, logout.

A token is 32 random bytes shown once; only its SHA-256 digest is stored. Login answers an
unknown name, a disabled account and a wrong password alike, and spends one Argon2
verification on each (a dummy hash stands in for a missing user), so neither the answer nor
its timing tells whether a name exists.

Failed attempts are throttled in the database, shared by every server process. An attempt is
reserved (counted) in a short transaction *before* its password is checked and forgotten only
when it proves right, so however many guesses arrive at once, no more than the limit are
ever checked; the Argon2 check itself runs outside any transaction. Limits hold per name and
client, per client, and per name; the last only for clients that have failed, so that a
stranger guessing a name cannot lock its owner out (see docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass, replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pledgeflow.adapters.login_attempts import Counts, LoginAttempts
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


@dataclass(frozen=True, slots=True)
class LoginThrottle:
    """At most `limit` unresolved attempts per (name, client) and per name in `window`, and
    `client_limit` per client; unknown names count like known ones."""

    limit: int = 5
    client_limit: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> LoginThrottle:
        window = dt.timedelta(seconds=settings.login_window_s)
        return cls(settings.login_limit, settings.login_client_limit, window)

    def allows(self, counts: Counts) -> bool:
        """A client that has not failed may try a name others have locked: that is its owner
        signing in from elsewhere, and one guess per fresh address is the price."""
        if counts.pair >= self.limit or counts.client >= self.client_limit:
            return False
        return counts.client == 0 or counts.name < self.limit


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
    with uow.reading():
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
    uow: UnitOfWork, throttle: LoginThrottle, name: str, password: str, client: str = ""
) -> tuple[str, Principal]:
    now = uow.now()
    with uow:
        attempts = LoginAttempts(uow.connection)
        attempts.lock(name, client)
        attempts.forget_before(now - throttle.window)
        if not throttle.allows(attempts.counts(name, client, now - throttle.window)):
            raise Throttled("too many failed logins; try again later")
        attempt = attempts.reserve(name, client[:64], now)
        user = uow.users.get(name)
        uow.commit("login_attempt")
    stored = user.password_hash if user is not None else _dummy_hash()
    if not _verified(stored, password) or user is None or user.disabled:
        raise LoginRefused("wrong name or password")
    token = secrets.token_urlsafe(32)
    with uow:
        LoginAttempts(uow.connection).proven_good(attempt)
        uow.users.add_token(token_digest(token), name, "session", "login", now, SESSION_TTL)
        uow.commit("login")
    return token, principal_of(user)


def _verified(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(uow: UnitOfWork, token: str) -> Principal | None:
    with uow.reading():
        user = uow.users.token_user(token_digest(token), uow.now())
    return None if user is None else principal_of(user)


def logout(uow: UnitOfWork, token: str) -> None:
    with uow:
        uow.users.revoke(token_digest(token))
        uow.commit("logout")
