"""One unit of work per API request: the caller's row-level-security settings, and the
idempotency record committed in the same transaction as the effect.

A keyed POST first looks for its key. The same key with the same request digest replays the
stored response and does nothing else; with another digest it is refused. A new key is
inserted just before commit, after the response is rendered from the transaction's own
state; a concurrent request holding the same key fails on the key's primary key, rolls its
whole effect back and is answered 409.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from pledgeflow.adapters.idempotency_store import IdempotencyStore, StoredResponse
from pledgeflow.audit.log import Entry
from pledgeflow.service.access import Principal, bind_settings
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork


class KeyReused(ServiceError):
    """An idempotency key sent again with a different request."""


class KeyInFlight(ServiceError):
    """Another request with the same idempotency key committed first."""


@dataclass(frozen=True, slots=True)
class Reply:
    status_code: int
    body: Any
    etag: str | None = None


Render = Callable[["RequestUnitOfWork"], Reply]


def request_digest(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join((method.encode(), path.encode(), body))).hexdigest()


class RequestUnitOfWork(UnitOfWork):
    def __init__(
        self,
        engine: Engine,
        principal: Principal,
        render: Render | None = None,
        key: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(engine, principal.name)
        self.principal = principal
        self._render = render
        self._key = key
        self.reply: Reply | None = None

    def __enter__(self) -> RequestUnitOfWork:
        super().__enter__()
        if self.connection.dialect.name == "postgresql":
            for name, value in bind_settings(self.principal).items():
                self.connection.execute(select(func.set_config(name, value, True)))
        return self

    def journalled_keys(self, table: str) -> list[tuple[object, ...]]:
        """Keys of rows this command wrote to `table` so far, e.g. the id of a new plan."""
        return [change.key for change in self._journal if change.table == table]

    def commit(self, command: str) -> list[Entry]:
        if self._render is not None:
            self.reply = self._render(self)
            if self._key is not None:
                self._store_key(self._key, self.reply)
        return super().commit(command)

    def _store_key(self, key: tuple[str, str], reply: Reply) -> None:
        idempotency_key, digest = key
        body = json.dumps({"body": reply.body, "etag": reply.etag})
        try:
            with self.connection.begin_nested():
                IdempotencyStore(self.connection).add(
                    self.principal.name,
                    idempotency_key,
                    StoredResponse(digest, reply.status_code, body),
                    self.now(),
                )
        except IntegrityError as error:
            raise KeyInFlight("a request with this Idempotency-Key is already done") from error


def run_post(
    engine: Engine,
    principal: Principal,
    key: tuple[str, str] | None,
    effect: Callable[[RequestUnitOfWork], object],
    render: Render,
) -> Reply:
    """Carry out `effect` once per idempotency key; `key` is (Idempotency-Key, digest)."""
    if key is not None:
        with engine.connect() as connection:
            stored = IdempotencyStore(connection).find(principal.name, key[0])
        if stored is not None:
            if stored.request_digest != key[1]:
                raise KeyReused("this Idempotency-Key was used with a different request")
            saved = json.loads(stored.body)
            return Reply(stored.status_code, saved["body"], saved["etag"])
    uow = RequestUnitOfWork(engine, principal, render, key)
    effect(uow)
    if uow.reply is None:
        raise ServiceError("the command finished without a response")
    return uow.reply
