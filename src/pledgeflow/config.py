"""Settings read from the environment (prefix PLEDGEFLOW_) so that one build serves every site."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLEDGEFLOW_", extra="ignore")

    database_url: str = "sqlite:///./pledgeflow.db"
    signing_key_path: Path = Path("./pledgeflow-signing.key")
    log_origin: str = "pledgeflow.example/log"
    actor: str = "cli"
    job_concurrency: int = 1
    """Plan jobs run at once by `serve`'s pool (SQLite) or by one `pledgeflow worker`."""
