"""The service's configuration: command-line options and ``SOMEPOLICY_*`` environment variables."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .._i18n import Lang
from .._policy.environment import OVERLAY_ENV, overlays_from_env
from .._policy.roles import UnknownRolePolicy

__all__ = ["IdentityMasking", "Mode", "ServerSettings"]


class Mode(StrEnum):
    """Whether rejections are enforced or only reported (audit first, enforce later)."""

    ENFORCE = "enforce"
    AUDIT = "audit"


class IdentityMasking(StrEnum):
    """How the decision log shows person ids and usernames."""

    HASH = "hash"
    DROP = "drop"


class ServerSettings(BaseSettings):
    """Settings of ``somepolicy serve``; each is also read from ``SOMEPOLICY_<NAME>``.

    Attributes:
        host: The address to listen on; loopback unless deliberately opened.
        port: The TCP port.
        workers: Worker processes (the service is stateless; each has its own engine).
        policy: A policy TOML file instead of the shipped guideline.
        overlays: Overlay files applied to the policy in order, separated by the path
            separator (``:``), as ``SOMEPOLICY_OVERLAYS`` gives them to the command line.
        waivers: A waiver file: a failure it covers is reported as ``waived``.
        breach_corpus: A local Have I Been Pwned file or prefix folder.
        lang: The default language of messages (a request may ask for another).
        mode: ``enforce`` or ``audit``.
        body_limit: The largest request body accepted, in bytes.
        log_salt: The salt of the decision log's identity hashes; without one, a random
            salt per process (hashes then link decisions only within one process).
        log_identities: ``hash`` person ids and usernames, or ``drop`` them.
        decision_log: A file to append decision lines to; standard error by default.
        access_log: Whether uvicorn logs each request line (never bodies); off by default,
            as the decision log already has a line for every decision.
        unknown_role: A role no accepted role matches: ``bound`` (evaluated as bound staff,
            with a ``scope.role-recognised`` warning) or ``invalid`` (a 422 problem), as the
            audit's and ``check``'s ``--unknown-role``.
    """

    model_config = SettingsConfigDict(env_prefix="SOMEPOLICY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    policy: Path | None = None
    overlays: str | None = None
    waivers: Path | None = None
    breach_corpus: Path | None = None
    lang: Lang = Lang.FI
    mode: Mode = Mode.ENFORCE
    body_limit: int = Field(default=64 * 1024, ge=1024, le=1024 * 1024)
    log_salt: SecretStr | None = None
    log_identities: IdentityMasking = IdentityMasking.HASH
    decision_log: Path | None = None
    access_log: bool = False
    unknown_role: UnknownRolePolicy = UnknownRolePolicy.BOUND

    def overlay_paths(self) -> list[Path]:
        """The overlay files, in order."""
        return overlays_from_env({OVERLAY_ENV: self.overlays or ""})
