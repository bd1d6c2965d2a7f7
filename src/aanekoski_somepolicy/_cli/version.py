"""``somepolicy --version`` and ``somepolicy version``: the package's and the policy's versions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .._i18n import Message

if TYPE_CHECKING:
    from .._policy.catalog import Policy

__all__ = ["add_version", "package_version", "run", "version_line"]

DISTRIBUTION = "aanekoski-somepolicy"


def package_version() -> str:
    """The installed package's version (from its metadata, the one pip reports)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        from .. import __version__

        return __version__


def version_line(policy: Policy, lang: str) -> str:
    """One line: the program, its version, and the policy's id and version, in ``lang``."""
    said = Message(
        "cli",
        "version",
        version=package_version(),
        policy=policy.metadata.id,
        policy_version=policy.metadata.version,
    )
    return f"somepolicy {said.get(lang)}\n"


class _VersionAction(argparse.Action):
    """``--version``: print the versions (the shipped policy's) and exit 0, as argparse's does."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help", "print the package version and the policy id and version, then exit"
        )
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> NoReturn:
        from .._policy.catalog import default_policy
        from .arguments import environment_lang

        sys.stdout.write(version_line(default_policy(), environment_lang()))
        parser.exit(0)


def add_version(
    parser: argparse.ArgumentParser, commands: Any, common: Callable[..., None]
) -> None:
    """Add ``--version`` to the main parser and the ``version`` command to ``commands``."""
    parser.add_argument("--version", action=_VersionAction)
    command = commands.add_parser(
        "version", help="print the package version and the policy id and version"
    )
    common(command)
    command.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """``somepolicy version``: the versions, of the effective policy (``--policy``, overlays)."""
    from .policy_options import effective_policy

    policy = effective_policy(args)
    if args.format == "json":
        data = {
            "version": package_version(),
            "policy": {"id": policy.metadata.id, "version": policy.metadata.version},
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(version_line(policy, args.lang))
    return 0
