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

    # Request and import limits (docs/security.md): a body over its limit is answered 413 while
    # it streams, before it is buffered; an import over a limit is refused naming the limit.
    max_json_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 50 * 1024 * 1024
    import_max_uncompressed_bytes: int = 256 * 1024 * 1024
    import_max_rows_per_sheet: int = 200_000
    import_max_cell_chars: int = 32_767
    # Failed logins: per (name, client) and per name from clients that failed, `login_limit`
    # in `login_window_s`; per client across names, `login_client_limit`.
    login_limit: int = 5
    login_client_limit: int = 20
    login_window_s: int = 900
    # Seconds `serve` waits for requests in flight once told to stop (docs/security.md).
    shutdown_grace_s: int = 5
    job_concurrency: int = 1
    """Plan jobs run at once by `serve`'s pool (SQLite) or by one `pledgeflow worker`."""
