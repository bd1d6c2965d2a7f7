"""The decision log: one JSON line per decision, with personal data masked.

A line holds the time, the policy's id and version, the subject type, the decision, the
failing check ids and the latency. Person ids and usernames are keyed hashes (HMAC-SHA-256
with a configurable salt) or dropped; passwords and other field values are never written.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic_core import to_json

from .._findings import Decision, Outcome
from .._i18n import Message, os_reason
from ..exceptions import ConfigurationError
from .settings import IdentityMasking, Mode

__all__ = ["DECISION_LOGGER", "DecisionLog"]

DECISION_LOGGER = "aanekoski_somepolicy.decisions"


class DecisionLog:
    """Writes decision lines to a file or standard error, and to ``logging`` when configured.

    Each line is formatted once and written with one ``write`` to a line-buffered stream, so
    that lines from several worker processes appending to one file do not interleave; the
    ``logging`` machinery (a record, a formatter, a handler lock per line) is only paid when
    an application has configured a handler that would see the
    ``aanekoski_somepolicy.decisions`` logger.

    Args:
        salt: The salt of identity hashes; a random one when None.
        masking: Hash identities or drop them.
        path: A file to append to; standard error when None. The line also goes to the
            ``aanekoski_somepolicy.decisions`` logger whenever a handler is configured to
            see it, so an application's own logging configuration sees every line.

    Raises:
        ConfigurationError: ``path`` cannot be opened for appending (a folder, no permission).
    """

    def __init__(
        self, *, salt: str | None, masking: IdentityMasking, path: Path | None = None
    ) -> None:
        key = (salt if salt is not None else secrets.token_hex(16)).encode("utf-8")
        # Keyed once; each mask copies the keyed state instead of rehashing the key.
        self._hmac = hmac.new(key, digestmod=hashlib.sha256)
        self._masking = masking
        self.logger = logging.getLogger(DECISION_LOGGER)
        self.logger.setLevel(logging.INFO)
        self._owned: TextIO | None = None
        self._stream: TextIO = sys.stderr
        if path is not None:
            try:
                self._owned = self._stream = open(  # noqa: SIM115 - closed by close()
                    path, "a", encoding="utf-8", buffering=1
                )
            except OSError as error:
                raise ConfigurationError(
                    Message(
                        "config", "decision-log-unwritable", path=str(path), why=os_reason(error)
                    )
                ) from None

    def close(self) -> None:
        """Close the decision log file (standard error stays open)."""
        if self._owned is not None:
            # A request still running at shutdown then writes its line to standard error
            # rather than failing on a closed file.
            self._stream = sys.stderr
            self._owned.close()
            self._owned = None

    def mask(self, value: str | None) -> str | None:
        """Return a value's keyed hash (16 hex digits), or None when identities are dropped."""
        if value is None or self._masking is IdentityMasking.DROP:
            return None
        digest = self._hmac.copy()
        digest.update(value.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:16]

    def line(
        self,
        decision: Decision,
        *,
        mode: Mode,
        latency_s: float,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Return the log record of one decision (no field values, identities masked)."""
        failing = [f.check for f in decision.findings if f.outcome is Outcome.FAIL]
        record: dict[str, Any] = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "event": "decision",
            "policy": {"id": decision.policy_id, "version": decision.policy_version},
            "subject_type": decision.subject_type.value,
            "decision": "allow" if decision.allowed else "deny",
            "mode": mode.value,
            "failing_checks": failing,
            "latency_ms": round(latency_s * 1000, 3),
        }
        if self._masking is IdentityMasking.HASH:
            record["subject"] = self.mask(decision.subject_id)
            if username is not None:
                record["username"] = self.mask(username)
        return record

    def write(
        self,
        decision: Decision,
        *,
        mode: Mode,
        latency_s: float,
        username: str | None = None,
    ) -> None:
        """Write one decision line."""
        record = self.line(decision, mode=mode, latency_s=latency_s, username=username)
        text = to_json(record).decode("utf-8")
        self._stream.write(text + "\n")
        if self.logger.hasHandlers():
            self.logger.info(text)
