"""Login and the signed-in user."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pledgeflow.api.schemas.fields import Input, Password, UserName
from pledgeflow.service.access import Principal


class LoginCreate(Input):
    name: UserName
    password: Password


class UserPublic(BaseModel):
    name: str
    role: str
    party: str | None
    hub: str | None

    @classmethod
    def of(cls, p: Principal) -> UserPublic:
        return cls(name=p.name, role=p.role.value, party=p.party, hub=p.hub)


class SessionPublic(BaseModel):
    token: str = Field(description="send as `Authorization: Bearer <token>`; also set as a cookie")
    user: UserPublic
