"""Mutation testing with mutmut over chosen modules, with a score that leaves out equivalents.

Usage::

    python scripts/mutation.py                       # the default modules
    python scripts/mutation.py _checks/r3_advice.py  # one module (paths under the package)
    python scripts/mutation.py --confirm --min-score 95

The project is copied into a work folder (``.mutation/`` by default, git-ignored), the copy
gets a ``[tool.mutmut]`` section naming the modules, and ``mutmut run`` mutates them there,
so the worktree is never touched. The script then prints, per module, how many mutants were
killed, how many survived and the score::

    killed / (total - equivalent)

Equivalent mutants (a change no test can observe because behaviour is the same) are listed
in ``docs/mutation.md`` by mutant name in backticks, one per bullet, each with its reason.

mutmut runs only the tests that reached a mutated function while it gathered statistics;
import-time registries and module caches hide some tests from that selection. ``--confirm``
runs the *whole* suite against each survivor and counts it killed when any test fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "aanekoski_somepolicy"
DEFAULT_MODULES = (
    "_checks/",
    "_policy/scope.py",
    "_accounts/",
    "_engine.py",
    "_passwords/",
)
EQUIVALENTS_DOC = ROOT / "docs" / "mutation.md"
# A bullet naming an equivalent mutant: "- `pkg.mod.x_func__mutmut_3`: reason".
_EQUIVALENT = re.compile(r"^\s*[-*]\s+`([A-Za-z0-9_.ǁ]+__mutmut_\d+)`", re.MULTILINE)
_RESULT = re.compile(r"^\s+(\S+__mutmut_\d+): (.+)$")
_KILLED = frozenset({"killed", "timeout", "caught by type check", "segfault"})


@dataclass
class ModuleFigures:
    """Counts for one mutated module."""

    statuses: Counter[str] = field(default_factory=Counter)
    equivalent: int = 0
    survivors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def killed(self) -> int:
        return sum(count for status, count in self.statuses.items() if status in _KILLED)

    @property
    def score(self) -> float:
        counted = self.total - self.equivalent
        return 100.0 * self.killed / counted if counted else 100.0


def module_of(mutant: str) -> str:
    """Return the dotted module of a mutant name (``pkg.mod.x_f__mutmut_1`` -> ``pkg.mod``)."""
    match = re.search(r"\.x(?:_|ǁ)", mutant)
    return mutant[: match.start()] if match else mutant.rsplit(".", 1)[0]


def listed_equivalents(doc: Path = EQUIVALENTS_DOC) -> set[str]:
    """Mutant names listed as equivalent in ``docs/mutation.md``."""
    if not doc.is_file():
        return set()
    return set(_EQUIVALENT.findall(doc.read_text(encoding="utf-8")))


def copy_project(work: Path) -> None:
    """Copy the files git knows of (tracked and untracked, not ignored) into ``work``."""
    if work.exists():
        shutil.rmtree(work)
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if not source.is_file():
            continue  # deleted in the worktree but still in the index
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def configure(work: Path, modules: list[str], tests: list[str], deselect: list[str]) -> None:
    """Add the ``[tool.mutmut]`` section for ``modules`` to the copy's pyproject.toml.

    Args:
        work: The work folder holding the copy.
        modules: Paths under the package to mutate.
        tests: Test files mutmut selects from; the whole ``tests`` folder when empty.
        deselect: Test ids (``tests/test_x.py::test_y``) never run.
    """
    pyproject = work / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    if "[tool.mutmut]" in text:
        raise SystemExit("pyproject.toml already has [tool.mutmut]; this script writes its own")
    patterns = []
    for module in modules:
        path = f"src/{PACKAGE}/{module.strip('/')}"
        if not (work / path).exists():
            raise SystemExit(f"no such module: {module} (looked for {path})")
        patterns.append(f"{path}/*" if (work / path).is_dir() else path)
    for test in tests:
        if not (work / test).is_file():
            raise SystemExit(f"no such test file: {test}")
    quoted = ", ".join(f'"{pattern}"' for pattern in patterns)
    selection = ", ".join(f'"{test}"' for test in tests or ["tests"])
    arguments = ", ".join(f'"{argument}"' for argument in _pytest_arguments(deselect))
    # Tests read README, docs and examples too: copy every top-level entry but the source.
    extra = ", ".join(
        f'"{entry.name}"' for entry in sorted(work.iterdir()) if entry.name not in {"src", "tests"}
    )
    pyproject.write_text(
        text
        + "\n[tool.mutmut]\n"
        + 'source_paths = ["src"]\n'
        + f"only_mutate = [{quoted}]\n"
        + f"also_copy = [{extra}]\n"
        + f"pytest_add_cli_args = [{arguments}]\n"
        + f"pytest_add_cli_args_test_selection = [{selection}]\n",
        encoding="utf-8",
    )


def _pytest_arguments(deselect: list[str]) -> list[str]:
    """pytest's options for every run: no cache, quiet, the deselected tests left out."""
    return ["-p", "no:cacheprovider", "-q", *(f"--deselect={test}" for test in deselect)]


def mutmut(work: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run mutmut (niced: the machine is shared) in the work folder."""
    command = ["nice", "-n", "10", sys.executable, "-m", "mutmut", *arguments]
    return subprocess.run(command, cwd=work, text=True, capture_output=True, check=False)


def results(work: Path) -> dict[str, str]:
    """Every mutant's status after a run."""
    listing = mutmut(work, "results", "--all", "true")
    if listing.returncode != 0:
        raise SystemExit(f"mutmut results failed:\n{listing.stdout}{listing.stderr}")
    return {
        match.group(1): match.group(2)
        for line in listing.stdout.splitlines()
        if (match := _RESULT.match(line))
    }


def killed_by_whole_suite(work: Path, mutant: str, chosen: list[str], deselect: list[str]) -> bool:
    """Whether any test fails with ``mutant`` active from import on.

    Args:
        work: The work folder.
        mutant: The mutant's name; ``""`` runs the tests without any mutant.
        chosen: Test files to run (paths under the project); every test file when empty.
        deselect: Test ids never run.
    """
    mutants = work / "mutants"
    environment = {
        **os.environ,
        "MUTANT_UNDER_TEST": mutant,
        "PYTHONPATH": os.pathsep.join(filter(None, ["src", os.environ.get("PYTHONPATH")])),
    }
    # Newest test files first: tests written against survivors usually kill them, and -x
    # stops at the first failure; a true survivor still runs every test.
    candidates = [mutants / test for test in chosen] or list((mutants / "tests").glob("test_*.py"))
    tests = sorted(candidates, key=lambda path: path.stat().st_mtime, reverse=True)
    run = subprocess.run(
        [
            *("nice", "-n", "10", sys.executable, "-m", "pytest", "-x"),
            *_pytest_arguments(deselect),
            *(str(path.relative_to(mutants)) for path in tests),
        ],
        cwd=mutants,
        env=environment,
        capture_output=True,
        check=False,
    )
    return run.returncode != 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "modules",
        nargs="*",
        default=list(DEFAULT_MODULES),
        help=f"paths under src/{PACKAGE}/ (a folder means all its modules)",
    )
    parser.add_argument("--work", type=Path, default=ROOT / ".mutation", help="work folder")
    parser.add_argument(
        "--max-children", type=int, default=1, help="parallel workers (mutmut and --confirm)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="report on the last run in --work without running; tests are copied afresh, so "
        "--confirm judges survivors with the tests written since",
    )
    parser.add_argument(
        "--confirm", action="store_true", help="run the whole suite against every survivor"
    )
    parser.add_argument(
        "--tests",
        nargs="+",
        default=[],
        metavar="FILE",
        help="test files (tests/test_x.py) mutmut selects from and --confirm runs; the whole "
        "suite when left out. Narrow selections are faster but must hold every test that "
        "can observe the modules",
    )
    parser.add_argument(
        "--deselect",
        nargs="+",
        default=[],
        metavar="TEST",
        help="test ids (tests/test_x.py::test_y) left out of every run, for slow tests whose "
        "work faster tests cover",
    )
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    parser.add_argument(
        "--only", nargs="+", default=[], metavar="MUTANT", help="confirm only these mutants"
    )
    parser.add_argument(
        "--min-score", type=float, default=0.0, help="exit 1 when a module scores lower"
    )
    options = parser.parse_args(argv)
    work: Path = options.work.resolve()

    if options.reuse:
        for target in (work / "tests", work / "mutants" / "tests"):
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / "tests", target, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        copy_project(work)
        configure(work, options.modules, options.tests, options.deselect)
        run = mutmut(work, "run", "--max-children", str(options.max_children))
        if run.returncode != 0:
            print(run.stdout[-4000:], run.stderr[-4000:], sep="\n", file=sys.stderr)
            return 2

    statuses = results(work)
    if not statuses:
        print("no mutants found", file=sys.stderr)
        return 2
    # Mutants a previous --confirm saw killed by the whole suite (tests only grow).
    confirmed_file = work / "confirmed-killed.txt"
    confirmed = set(confirmed_file.read_text().split()) if confirmed_file.is_file() else set()
    for mutant in confirmed & statuses.keys():
        statuses[mutant] = "killed"
    equivalents = listed_equivalents()
    if options.confirm:
        # Without a mutant the suite must pass, or every mutant would look killed.
        if killed_by_whole_suite(work, "", options.tests, options.deselect):
            print(
                "the whole suite fails in the work folder without any mutant: the tests "
                "need code newer than the mutated copy; run without --reuse",
                file=sys.stderr,
            )
            return 2
        pending = [
            mutant
            for mutant, status in statuses.items()
            if status not in _KILLED
            # A listed equivalent is excluded from the score either way; judging it again
            # would cost a whole test run each.
            and mutant not in equivalents
            and (not options.only or mutant in options.only)
        ]
        with ThreadPoolExecutor(max_workers=options.max_children) as pool:
            verdicts = pool.map(
                lambda mutant: killed_by_whole_suite(work, mutant, options.tests, options.deselect),
                pending,
            )
            for mutant, killed in zip(pending, verdicts, strict=True):
                if killed:
                    statuses[mutant] = "killed"  # by a test mutmut's selection left out
                    print(f"killed by the whole suite: {mutant}", flush=True)
                    with confirmed_file.open("a") as record:
                        record.write(mutant + "\n")

    figures: dict[str, ModuleFigures] = {}
    for mutant, status in sorted(statuses.items()):
        module = figures.setdefault(module_of(mutant), ModuleFigures())
        module.statuses[status] += 1
        if status in _KILLED:
            continue
        if mutant in equivalents:
            module.equivalent += 1
        else:
            module.survivors.append(mutant)
    # Listed mutants of the modules run here that are now killed or no longer generated.
    stale = sorted(
        name
        for name in equivalents
        if module_of(name) in figures and statuses.get(name, "killed") in _KILLED
    )

    width = max(len(name) for name in figures)
    header = f"{'module':<{width}}  killed  survived  equivalent  total   score"
    print(header)
    print("-" * len(header))
    every = ModuleFigures()
    for name, module in figures.items():
        every.statuses.update(module.statuses)
        every.equivalent += module.equivalent
        survived = module.total - module.killed - module.equivalent
        print(
            f"{name:<{width}}  {module.killed:>6}  {survived:>8}  {module.equivalent:>10}"
            f"  {module.total:>5}  {module.score:5.1f} %"
        )
    survived = every.total - every.killed - every.equivalent
    print("-" * len(header))
    print(
        f"{'all':<{width}}  {every.killed:>6}  {survived:>8}  {every.equivalent:>10}"
        f"  {every.total:>5}  {every.score:5.1f} %"
    )
    for module in figures.values():
        for mutant in module.survivors:
            print(f"survived: {mutant} ({statuses[mutant]})")
            if options.show:
                print(mutmut(work, "show", mutant).stdout)
    for name in stale:
        print(f"listed as equivalent but killed or gone: {name}", file=sys.stderr)
    low = [name for name, module in figures.items() if module.score < options.min_score]
    if low:
        print(f"below {options.min_score} %: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
