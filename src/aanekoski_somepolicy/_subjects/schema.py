"""JSON Schemas that describe exactly what the subject models accept.

pydantic's default schemas describe the models' *output*: they list ``work``/``leisure`` where
the library accepts ``vapaa-aika``, a boolean where it accepts ``kyllä``, and a length bound
on the raw string where the library strips whitespace first. This generator describes the
*input* instead:

- text bounds hold after whitespace is stripped (a ``pattern``; ``maxLength`` alone would
  reject padded input the library accepts);
- spellings (roles, purposes, yes/no flags) are patterns over every accepted spelling, in
  any case, with or without Finnish and Swedish diacritics, with any separators;
- lists that a CSV cell may give as one string say so, with ``maxItems`` on the array form.

Exact for ASCII, Finnish and Swedish letters; the library also folds rarer Unicode
compatibility forms (fullwidth letters, other diacritics) that the patterns do not list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

# The validators whose accepted input this module describes; private to their modules, named
# here so that a schema and its validator stay side by side in review.
from .._fields import _FALSE, _TRUE
from .._fields import _blank_to_none as blank_to_none
from .._fields import _flag as flag
from .._policy.catalog import SubjectType
from .._policy.roles import _SEPARATORS as _ROLE_SEPARATORS
from .._policy.roles import Role, default_vocabulary
from .._policy.roles import _role_value as role_value
from .._text import fold
from . import SUBJECT_MODELS
from .registration import _PURPOSE_INDEX, PASSWORD_INPUT_MAX
from .registration import _identity_list as identity_list
from .registration import _optional_role as optional_role
from .registration import _purpose_value as purpose_value

TRUE_SPELLINGS, FALSE_SPELLINGS = _TRUE, _FALSE
ROLE_SEPARATORS = _ROLE_SEPARATORS.pattern.removesuffix("+")
PURPOSE_SEPARATORS = "[\\s_\\-]"
IDENTITY_SEPARATORS = "[\\s,;|]"
IDENTITY_LIST_MAX = 50


def role_spellings() -> list[str]:
    """Every role key that parse_role accepts."""
    return default_vocabulary().keys()


def purpose_spellings() -> list[str]:
    """Every purpose key that parse_purpose accepts."""
    return list(_PURPOSE_INDEX)


__all__ = [
    "SCHEMA_DIALECT",
    "case_pattern",
    "flag_json_schema",
    "purpose_json_schema",
    "role_json_schema",
    "schema_id",
    "subject_json_schema",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://aanekoski-somepolicy.invalid/schemas/"

# What pydantic-core strips (Rust's char::is_whitespace, the Unicode White_Space property).
_WS = "[\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
_NON_WS = _WS.replace("[", "[^", 1)

# The letters whose case and diacritic variants the patterns list.
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZåäöéüÅÄÖÉÜ"


def schema_id(subject_type: SubjectType) -> str:
    """Return the ``$id`` of a subject type's schema."""
    return f"{_ID_BASE}{subject_type.value}.json"


def stripped_length_pattern(min_length: int, max_length: int | None) -> str:
    """A pattern for text whose length after stripping is within the bounds."""
    if max_length is None:
        core = f"{_NON_WS}(?:[\\s\\S]*{_NON_WS})?"
    elif max_length == 1:
        core = _NON_WS
    else:
        core = f"{_NON_WS}(?:[\\s\\S]{{0,{max_length - 2}}}{_NON_WS})?"
    if min_length > 1:
        inner = max(min_length - 2, 0)
        upper = "" if max_length is None else str(max_length - 2)
        core = f"{_NON_WS}[\\s\\S]{{{inner},{upper}}}{_NON_WS}"
    optional = "?" if min_length == 0 else ""
    return f"^{_WS}*(?:{core}){optional}{_WS}*$"


@functools.cache
def _variants(char: str) -> str:
    found = sorted({char, *(c for c in _LETTERS if fold(c) == char)})
    if len(found) == 1:
        return re.escape(char)
    return "[" + "".join(found) + "]"


def case_pattern(text: str) -> str:
    """A pattern matching ``text`` in any case, with or without Finnish diacritics."""
    return "".join(_variants(char) if char.isalpha() else re.escape(char) for char in fold(text))


def spelling_pattern(keys: Iterable[str], separators: str, *, strip: str) -> str:
    """A pattern matching text whose comparison key is one of ``keys``.

    Args:
        keys: Folded keys with single spaces where separators go.
        separators: A character class of the separators the key collapses.
        strip: A character class the key strips at both ends (separators or whitespace).
    """
    alternatives = []
    for key in sorted(set(keys)):
        words = key.split(" ")
        alternatives.append(
            f"{separators}+".join("".join(_variants(char) for char in word) for word in words)
        )
    return f"^{strip}*(?:{'|'.join(alternatives)}){strip}*$"


def flag_json_schema() -> JsonSchemaValue:
    keys = [key for key in (*TRUE_SPELLINGS, *FALSE_SPELLINGS) if key]
    return {
        "anyOf": [
            {"type": "boolean"},
            {"type": "null"},
            {"enum": [0, 1]},
            {"type": "string", "pattern": spelling_pattern(keys, "\\s", strip="\\s")},
            {"type": "string", "pattern": "^\\s*$"},
        ],
        "description": "yes or no: true/false, kyllä/ei, ja/nej, yes/no, 1/0; blank means no",
    }


def purpose_json_schema() -> JsonSchemaValue:
    return {
        "type": "string",
        "pattern": spelling_pattern(
            purpose_spellings(), PURPOSE_SEPARATORS, strip=PURPOSE_SEPARATORS
        ),
        "description": "work (työ) or leisure (vapaa-aika), in any accepted spelling",
        "examples": ["work", "leisure", "työ", "vapaa-aika"],
    }


def role_json_schema() -> JsonSchemaValue:
    return {
        "type": "string",
        "pattern": spelling_pattern(role_spellings(), ROLE_SEPARATORS, strip=ROLE_SEPARATORS),
        "description": "a role in Finnish, English or Swedish, in any case, with or without "
        "diacritics; another spelling is evaluated as bound staff with a scope.role-recognised "
        "warning, unless unknown roles are made invalid (--unknown-role invalid, "
        "SOMEPOLICY_UNKNOWN_ROLE=invalid)",
        "examples": [role.value for role in Role],
    }


def _identity_list_schema(item: JsonSchemaValue) -> JsonSchemaValue:
    sep = IDENTITY_SEPARATORS
    token = sep.replace("[", "[^", 1)
    return {
        "anyOf": [
            {"type": "array", "items": item, "maxItems": IDENTITY_LIST_MAX},
            {
                "type": "string",
                "pattern": f"^{sep}*(?:{token}{{1,1024}}(?:{sep}+|$)){{0,{IDENTITY_LIST_MAX}}}$",
                "description": "identities separated by spaces, commas, semicolons or |",
            },
            {"type": "null"},
        ]
    }


def _function_of(schema: core_schema.CoreSchema) -> Callable[..., Any] | None:
    function = schema.get("function")
    if isinstance(function, dict):
        found = function.get("function")
        return found if callable(found) else None
    return None


class SubjectJsonSchema(GenerateJsonSchema):
    """pydantic's generator, told what the subject models' spellings and bounds accept."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        """Bound the stripped length, since every subject model strips whitespace."""
        out = super().str_schema(schema)
        low, high = schema.get("min_length", 0), schema.get("max_length")
        if low or high is not None:
            out.pop("minLength", None)
            out.pop("maxLength", None)
            out["pattern"] = stripped_length_pattern(low, high)
        return out

    def tuple_schema(self, schema: core_schema.TupleSchema) -> JsonSchemaValue:
        """Arrays bound their number of items, never their length in characters."""
        out = super().tuple_schema(schema)
        if "maxLength" in out:
            out["maxItems"] = out.pop("maxLength")
        return out

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        """Describe the spellings the library's before-validators accept."""
        function = _function_of(schema)
        if function is flag:
            return flag_json_schema()
        if function is purpose_value:
            return purpose_json_schema()
        if function is role_value:
            return role_json_schema()
        inner = self.generate_inner(schema["schema"])
        if function is identity_list:
            return _identity_list_schema(inner.get("items", {}))
        if function in (blank_to_none, optional_role):
            # Blank text means "not given".
            return {"anyOf": [inner, {"type": "string", "pattern": "^\\s*$"}]}
        if getattr(function, "__name__", "") == "_bounded_password":
            return {
                "anyOf": [
                    {"type": "string", "maxLength": PASSWORD_INPUT_MAX, "writeOnly": True},
                    {"type": "null"},
                ],
                "format": "password",
            }
        return inner


def subject_json_schema(subject_type: SubjectType) -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of what ``parse_subject`` accepts for a subject type.

    Args:
        subject_type: The subject type; its ``type`` key is optional for account registrations
            (the default type) and required for every other type.
    """
    schema = SUBJECT_MODELS[subject_type].model_json_schema(schema_generator=SubjectJsonSchema)
    for field in schema["properties"].values():
        if "anyOf" in field:
            # A bound given on the field reaches each branch; at the top it would be ignored.
            field.pop("maxLength", None)
    schema["properties"] = {"type": {"const": subject_type.value}, **schema["properties"]}
    if subject_type is not SubjectType.ACCOUNT_REGISTRATION:
        schema["required"] = ["type", *schema.get("required", [])]
    return {"$schema": SCHEMA_DIALECT, "$id": schema_id(subject_type), **schema}
