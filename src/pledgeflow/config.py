"""Settings read from the environment (prefix PLEDGEFLOW_) so that one build serves every site."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLEDGEFLOW_", extra="ignore")

    database_url: str = "sqlite:///./pledgeflow.db"
    signing_key_path: Path = Path("./pledgeflow-signing.key")
    log_origin: str = "pledgeflow.example/log"
    actor: str = "cli"
    # Argon2id cost of a password hash (argon2-cffi's defaults: about half a second here). New
    # hashes use it; stored hashes keep the cost they were made with and still verify.
    password_hash_time_cost: int = Field(default=3, ge=1, le=100)
    password_hash_memory_kib: int = Field(default=65536, ge=64, le=4194304)
