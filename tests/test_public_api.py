from __future__ import annotations

import subprocess
import sys
import types

import pytest

import aanekoski_somepolicy as pkg


def test_all_is_sorted_and_exactly_the_public_surface() -> None:
    assert list(pkg.__all__) == sorted(pkg.__all__)
    # Heavy names load on first use; resolve them all, then nothing else may be public.
    for name in pkg.__all__:
        getattr(pkg, name)
    assert set(pkg.__all__) <= set(dir(pkg))
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


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        pkg.NoSuchThing  # noqa: B018


def test_import_is_lazy() -> None:
    code = (
        "import sys, aanekoski_somepolicy as p; "
        "assert 'aanekoski_somepolicy._engine' not in sys.modules; "
        "p.Engine; assert 'aanekoski_somepolicy._engine' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
