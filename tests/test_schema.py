"""`somepolicy schema` describes exactly what parse_subject accepts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from aanekoski_somepolicy import InvalidSubjectError, SubjectType, parse_subject
from aanekoski_somepolicy._subjects.schema import subject_json_schema

from .conftest import README_REGISTRATION, run

REGISTRATION = Draft202012Validator(subject_json_schema(SubjectType.ACCOUNT_REGISTRATION))

README_EXAMPLE = README_REGISTRATION  # README's example: examples/registration.json


def library_accepts(data: dict[str, Any]) -> bool:
    try:
        # The schema lists the accepted role spellings: the strict reading (an unknown role
        # is otherwise accepted with a warning, which no schema can say).
        parse_subject(data, unknown_role="invalid")
    except InvalidSubjectError:
        return False
    return True


def schema_accepts(data: dict[str, Any]) -> bool:
    return bool(REGISTRATION.is_valid(data))


@pytest.mark.parametrize("kind", [t.value for t in SubjectType])
def test_every_schema_is_a_valid_2020_12_schema_with_id(kind: str) -> None:
    status, out, _ = run("schema", kind)
    assert status == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.json")


def test_readme_example_validates() -> None:
    assert schema_accepts(README_EXAMPLE)
    assert library_accepts(README_EXAMPLE)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purpose", "vapaa-aika"),
        ("purpose", "Vapaa Aika"),
        ("purpose", "TYÖ"),
        ("mfa", "kyllä"),
        ("mfa", "Nej"),
        ("mfa", 1),
        ("role", "Viranhaltija"),
        ("role", "sivari"),
        ("role", "tjänsteman"),
        ("role", "  "),
        ("work_usernames", "a, b; c"),
    ],
)
def test_spellings_the_library_accepts_validate(field: str, value: object) -> None:
    data = {**README_EXAMPLE, field: value}
    assert library_accepts(data)
    assert schema_accepts(data)


def test_no_length_bound_on_arrays_and_a_password_bound() -> None:
    schema = subject_json_schema(SubjectType.ACCOUNT_REGISTRATION)
    text = json.dumps(schema)
    props = schema["properties"]
    for name in ("work_usernames", "work_emails"):
        (array,) = [branch for branch in props[name]["anyOf"] if branch.get("type") == "array"]
        assert array["maxItems"] == 50
        assert "maxLength" not in props[name]
    (password,) = [b for b in props["password"]["anyOf"] if b.get("type") == "string"]
    assert password["maxLength"] == 4096
    assert '"type": "array", "maxLength"' not in text


def test_other_subject_types_require_their_type() -> None:
    schema = subject_json_schema(SubjectType.PUBLICATION)
    assert "type" in schema["required"]
    assert "type" not in subject_json_schema(SubjectType.ACCOUNT_REGISTRATION).get("required", [])


# Values on both sides of every bound, in every spelling the library folds.
WS = st.sampled_from(["", " ", "\t", "  ", "\u00a0", "\n"])


def padded(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, c, b: a + c + b, WS, core, WS)


def around(limit: int) -> st.SearchStrategy[str]:
    return st.sampled_from([limit - 1, limit, limit + 1, 0, 1]).map(lambda n: "x" * max(n, 0))


def case_variants(words: list[str]) -> st.SearchStrategy[str]:
    def vary(word: str, data: st.DataObject) -> str:
        out = []
        for char in word:
            choice = data.draw(st.sampled_from(["same", "upper", "fold", "sep"]))
            if choice == "upper":
                char = char.upper()
            elif choice == "fold":
                char = {"ä": "a", "ö": "o", "å": "a", "a": "ä", "o": "ö"}.get(char, char)
            elif choice == "sep" and char in " -":
                char = data.draw(st.sampled_from(["_", "-", "  ", ".", ""]))
            out.append(char)
        return "".join(out)

    return st.builds(vary, st.sampled_from(words), st.data())


PURPOSES = ["work", "leisure", "työ", "vapaa-aika", "vapaa aika", "fritid", "holiday", ""]
ROLES = ["viranhaltija", "työntekijä", "sivari", "public official", "asukas", "pilot", ""]
FLAGS = ["kyllä", "ei", "yes", "no", "true", "false", "ja", "nej", "maybe", "", "2"]

FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "person_id": padded(around(128)) | st.none() | st.integers(0, 5),
    "first_name": padded(around(1024)) | st.none() | st.booleans(),
    "service": padded(around(200)) | st.none(),
    "purpose": padded(case_variants(PURPOSES)) | st.integers(0, 1),
    "role": padded(case_variants(ROLES)) | st.none() | st.integers(0, 2),
    "mfa": padded(case_variants(FLAGS))
    | st.sampled_from([True, False, None, 0, 1, 2, 0.0, 1.0, 1.5, -1]),
    "password": around(4096) | st.none() | st.integers(0, 1),
    "work_usernames": st.lists(padded(around(1024)), max_size=3).map(list)
    | st.sampled_from([[], ["a"] * 50, ["a"] * 51, "a b,c", " ".join(["u"] * 51), None, 3])
    | st.builds(lambda n: ["x"] * n, st.sampled_from([49, 50, 51])),
    "unexpected": st.just("field"),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_schema_accepts_exactly_what_parse_subject_accepts(data: st.DataObject) -> None:
    # Change one or two fields of a valid record, so that one bad field does not hide another.
    record = dict(README_EXAMPLE)
    names = data.draw(st.sets(st.sampled_from(sorted(FIELD_VALUES)), min_size=1, max_size=2))
    for name in sorted(names):
        if data.draw(st.booleans(), label=f"drop {name}") and name in record:
            del record[name]
        else:
            record[name] = data.draw(FIELD_VALUES[name], label=name)
    assert schema_accepts(record) == library_accepts(record), record


@pytest.mark.parametrize("kind", list(SubjectType))
def test_no_schema_bounds_an_array_by_characters(kind: SubjectType) -> None:
    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "array":
                assert "maxLength" not in node and "minLength" not in node, path
            assert not ("anyOf" in node and "maxLength" in node), path
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(subject_json_schema(kind), kind.value)
