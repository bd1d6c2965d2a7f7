"""Auditing directory passwords from their NT hashes (``somepolicy audit-hashes``).

:mod:`.dump` reads the dump, :mod:`.people` joins an HR export, :mod:`.matching` hashes
candidates on every core, and :mod:`.run` compares and judges. :func:`audit_password_hashes`
is the Python API of the whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..run import AuditSummary, Result
from .dump import HashDump
from .run import HashAudit, HashAuditOptions

__all__ = ["HashAuditOptions", "HashAuditReport", "audit_password_hashes"]


@dataclass
class HashAuditReport:
    """The outcome of :func:`audit_password_hashes`.

    Attributes:
        results: One result per account line, in line order (the audit's result shape:
            ``line``, ``type``, ``subject_id``, ``status``, ``findings``, ``errors``).
        summary: Counts, coverage and failures by check.
        warnings: The run's notes in the options' language (accounts without a person,
            candidates tried).
    """

    results: list[Result]
    summary: AuditSummary
    warnings: list[str] = field(default_factory=list)


def audit_password_hashes(
    dump: str | os.PathLike[str], options: HashAuditOptions | None = None
) -> HashAuditReport:
    """Audit a password-hash dump under rule 9 and return every account's result.

    Args:
        dump: A pwdump/secretsdump or ``user:nthash`` file, or a CSV/JSON Lines/JSON/Excel
            file with an ``nt_hash`` column. It is read in memory only.
        options: How to run (people file, breach corpus, language, workers, salt).

    Raises:
        UnreadableInputError: The dump or the people file cannot be read.
        ConfigurationError: The breach corpus is unusable or not NTLM; pycryptodome (the
            ``hashes`` extra) is missing.
    """
    audit = HashAudit(HashDump(Path(dump)), options or HashAuditOptions())
    results = list(audit.results())
    return HashAuditReport(results, audit.summary, [*audit.dump.warnings(), *audit.warnings])
