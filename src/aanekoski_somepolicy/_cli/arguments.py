"""The command line's arguments in the user's language.

argparse words its usage errors and help pages through gettext (``_('usage: ')``,
``_('invalid choice: %(value)r (choose from %(choices)s)')``). :func:`language` gives those
calls a :class:`CatalogTranslations`: a gettext translation whose message ids are argparse's
own English strings and the English help texts of our options, and whose translations are the
Finnish, Swedish and English texts of the project's one catalog (``data/messages.toml``,
sections ``argparse`` and ``options``). The language is the command's ``--lang``, else
``SOMEPOLICY_LANG``, else Finnish: it must be known before argparse has read the options, so
:func:`requested_lang` looks for it in the raw arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import functools
import gettext
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NoReturn

from .._i18n import LocalizedText, Message, messages

__all__ = [
    "CatalogTranslations",
    "HelpFormatter",
    "Parser",
    "count_value",
    "day_value",
    "environment_lang",
    "help_texts",
    "language",
    "requested_lang",
    "say",
]

LANGS = ("fi", "en", "sv")
EXIT_USAGE = 2
_SECTIONS = ("argparse", "options")


@functools.cache
def _by_message_id() -> dict[str, LocalizedText]:
    """Every catalog text argparse may ask for, by its English text (the gettext msgid)."""
    return {text.en: text for section in _SECTIONS for text in messages(section).values()}


class CatalogTranslations(gettext.NullTranslations):
    """argparse's message ids and our help texts, translated from the project's catalog.

    A message id without a catalog entry comes back as it is (gettext's fallback); the tests
    check that every help text of the parser and every argparse message a user can meet has
    one.

    Args:
        lang: ``fi``, ``sv`` or ``en``.
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        """Return ``message`` in the translation's language."""
        if self.lang == "en":  # the message ids are the English texts
            return message
        found = _by_message_id().get(message)
        return found.get(self.lang) if found is not None else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """Return the singular or plural form; Finnish and Swedish choose as English does."""
        return self.gettext(msgid1 if n == 1 else msgid2)


_ACTIVE: contextvars.ContextVar[CatalogTranslations | None] = contextvars.ContextVar(
    "somepolicy_arguments_language", default=None
)


def _active() -> CatalogTranslations:
    return _ACTIVE.get() or CatalogTranslations("en")


@contextlib.contextmanager
def language(lang: str) -> Iterator[CatalogTranslations]:
    """Parse arguments, print usage and help in ``lang`` while the block runs.

    argparse looks its gettext functions up as module globals at each call, so they are
    swapped for the block and restored after it, even when argparse exits.
    """
    translations = CatalogTranslations(lang)
    name_of = argparse._get_action_name

    def action_name(action: argparse.Action | None) -> str | None:
        name = name_of(action)
        return translations.gettext(name) if name else name

    swapped = {
        "_": translations.gettext,
        "ngettext": translations.ngettext,
        # names an argument in errors ("the following arguments are required: input")
        "_get_action_name": action_name,
    }
    saved = {name: getattr(argparse, name) for name in swapped}
    token = _ACTIVE.set(translations)
    for name, function in swapped.items():
        setattr(argparse, name, function)
    try:
        yield translations
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)
        _ACTIVE.reset(token)


def say(message: Message) -> str:
    """``message`` in the language of the arguments being parsed (English outside them).

    For errors that type functions raise: argparse keeps only their text.
    """
    return message.get(_active().lang)


_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")


def day_value(text: str) -> date:
    """An option's date: ISO (2026-11-24) or as Finns write it (24.11.2026)."""
    try:
        finnish = _FINNISH_DATE.fullmatch(text.strip())
        if finnish:
            day, month, year = (int(part) for part in finnish.groups())
            return date(year, month, day)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            say(Message("cli", "not-a-date", value=repr(text[:40])))
        ) from None


def count_value(text: str) -> int:
    """An option's count of workers: 1 to 256."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or value > 256:
        raise argparse.ArgumentTypeError(say(Message("cli", "not-a-count", value=repr(text[:20]))))
    return value


def requested_lang(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """The language asked for: ``--lang X`` or ``--lang=X`` in ``argv``, else the environment.

    Read before argparse runs, so that its own errors and help follow it too; a value that
    is not a language is left for argparse to reject (in the environment's language).
    """
    for index, item in enumerate(argv):
        if item == "--":
            break
        value = None
        if item == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif item.startswith("--lang="):
            value = item.partition("=")[2]
        if value in LANGS:
            return value
    return environment_lang(environ)


def environment_lang(environ: dict[str, str] | None = None) -> str:
    """The language of ``SOMEPOLICY_LANG`` (``fi``, ``sv`` or ``en``), else Finnish."""
    chosen = (environ if environ is not None else os.environ).get("SOMEPOLICY_LANG", "")
    return chosen if chosen in LANGS else "fi"


class HelpFormatter(argparse.HelpFormatter):
    """Help pages whose texts (descriptions, option help, metavars) come from the catalog."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        return _active().gettext(text) if text else text

    def start_section(self, heading: str | None) -> None:
        """Start a section; argparse words its headings when the parser is built."""
        super().start_section(_active().gettext(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        """Add a paragraph (the description), translated."""
        super().add_text(_active().gettext(text) if text else text)

    def _metavar_formatter(
        self, action: argparse.Action, default_metavar: str
    ) -> Callable[[int], tuple[str, ...]]:
        plain = super()._metavar_formatter(action, default_metavar)
        translations = _active()

        def translated(size: int) -> tuple[str, ...]:
            return tuple(translations.gettext(item) for item in plain(size))

        return translated


class Parser(argparse.ArgumentParser):
    """An argument parser that reports in the chosen language and exits with status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``somepolicy: virhe: …`` (in the chosen language); exit 2."""
        self.print_usage(sys.stderr)
        word = say(Message("cli", "error"))
        self.exit(EXIT_USAGE, f"{self.prog}: {word}: {message}\n")


def _metavar(action: argparse.Action) -> str:
    if isinstance(action.metavar, str):
        return action.metavar
    return action.dest.upper() if action.option_strings else action.dest


def help_texts(parser: argparse.ArgumentParser) -> Iterable[str]:
    """Every text of ``parser`` and its subcommands that a help page shows (for the tests)."""
    if parser.description:
        yield parser.description
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            yield action.help
        if action.nargs != 0 and not action.choices:
            yield _metavar(action)
        if isinstance(action, argparse._SubParsersAction):
            yield action.dest  # names the command in "the following arguments are required"
            for choice in action._choices_actions:
                if choice.help:
                    yield choice.help
            for sub in dict.fromkeys(action.choices.values()):
                yield from help_texts(sub)
