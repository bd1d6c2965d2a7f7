from __future__ import annotations

import types

import aanekoski_somepolicy as pkg


def test_all_is_sorted_and_exactly_the_public_surface() -> None:
    assert list(pkg.__all__) == sorted(pkg.__all__)
    public = {
        name
        for name, value in vars(pkg).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(pkg.__all__)


def test_every_exported_name_resolves() -> None:
    for name in pkg.__all__:
        assert getattr(pkg, name) is not None


def test_exceptions_hierarchy() -> None:
    assert issubclass(pkg.PolicyError, pkg.SomePolicyError)
    assert issubclass(pkg.InvalidSubjectError, ValueError)
    assert issubclass(pkg.UnknownRoleError, pkg.InvalidSubjectError)
    assert issubclass(pkg.InputTooLargeError, pkg.InvalidSubjectError)
    assert issubclass(pkg.ConfigurationError, pkg.SomePolicyError)
