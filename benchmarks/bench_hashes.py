"""The password-hash audit: hashing throughput, breach lookups, and a scaled whole run.

Three measurements, each against a baseline measured in the same run:

1. **Candidates hashed per second.** A bare pycryptodome loop
   (``MD4.new(candidate.encode("utf-16-le")).digest()`` over ready-made strings, one core)
   is the baseline; the audit's generator-and-matcher (:func:`match_seeds`, candidates made,
   hashed and looked up) runs on one core and on every core over the same seeds. Target:
   every-core rate >= 80 % of cores x bare rate.
2. **Accounts per second against a 10-million-line NTLM corpus**, generated sorted in a
   temporary folder (deleted after): one :meth:`BreachCorpus.count_digest` per account.
3. **A scaled whole audit**: ACCOUNTS synthetic accounts with people, the default global
   candidates (about 4.4 million) and each person's own candidates, timed by phase, with
   peak memory of this process and of the workers; how time grows with accounts and
   candidates follows from the phases.

Run: nice -n 10 python benchmarks/bench_hashes.py [--quick] [--accounts 150]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine
from Crypto.Hash import MD4

from aanekoski_somepolicy import HashAuditOptions, Lang
from aanekoski_somepolicy._audit.hashes.dump import HashDump
from aanekoski_somepolicy._audit.hashes.matching import match_everywhere
from aanekoski_somepolicy._audit.hashes.run import HashAudit
from aanekoski_somepolicy._passwords.breach import BreachCorpus
from aanekoski_somepolicy._passwords.candidates import (
    AffixGrammar,
    Seed,
    affixes,
    count_candidates,
    global_seeds,
    match_seeds,
)
from aanekoski_somepolicy._passwords.judge import read_words
from aanekoski_somepolicy._passwords.nt import nt_hex
from aanekoski_somepolicy._policy.catalog import default_policy

GRAMMAR = AffixGrammar()


def candidates_of(seeds: list[Seed], budget: float) -> list[str]:
    """The candidates the generator would hash, as strings (for the bare loop only)."""
    from aanekoski_somepolicy._passwords.candidates import _limits

    texts = affixes(GRAMMAR)[0]
    prices = affixes(GRAMMAR)[1]
    out: list[str] = []
    for seed in seeds:
        for form, _, count in _limits(seed, budget, prices):
            out.extend(form + tail for tail in texts[:count])
    return out


def bare_loop(candidates: list[str]) -> int:
    new = MD4.new
    for candidate in candidates:
        new(candidate.encode("utf-16-le")).digest()
    return len(candidates)


def bare_rate(candidates: list[str]) -> float:
    start = time.perf_counter()
    bare_loop(candidates)
    return len(candidates) / (time.perf_counter() - start)


def bare_rate_everywhere(candidates: list[str], cores: int) -> float:
    """The bare loop on every core at once (a share each), pool start included."""
    parts = [candidates[index::cores] for index in range(cores)]
    start = time.perf_counter()
    with multiprocessing.get_context().Pool(cores) as pool:
        done = sum(pool.map(bare_loop, parts))
    return done / (time.perf_counter() - start)


def hashing(quick: bool) -> None:
    policy = default_policy().parameters
    seeds = global_seeds(policy.password, policy.password_hashes)
    budget = 3.0e4
    wanted = 300_000 if quick else 1_000_000
    chosen: list[Seed] = []
    total = 0
    # Seeds from the whole range of ranks, until the wanted number of candidates.
    for seed in seeds[::7]:
        if total >= wanted:
            break
        chosen.append(seed)
        total += count_candidates([seed], budget, GRAMMAR)
    strings = candidates_of(chosen, budget)
    assert len(strings) == total
    targets = frozenset({bytes(16)})
    cores = os.cpu_count() or 1
    print(f"1. hashing: {total:,} candidates from {len(chosen):,} seeds, {cores} cores")
    rounds = 2
    for round_ in range(1, rounds + 1):
        bare = bare_rate(strings)
        bare_everywhere = bare_rate_everywhere(strings, cores)
        start = time.perf_counter()
        _, hashed = match_seeds(chosen, targets, budget=budget, grammar=GRAMMAR)
        one = hashed / (time.perf_counter() - start)
        start = time.perf_counter()
        _, hashed = match_everywhere(chosen, targets, budget=budget, grammar=GRAMMAR, workers=cores)
        every = hashed / (time.perf_counter() - start)
        print(
            f"   round {round_}: bare loop {bare:,.0f}/s on 1 core, {bare_everywhere:,.0f}/s on "
            f"{cores}; generator+matcher {one:,.0f}/s on 1 core ({one / bare:.0%} of bare), "
            f"{every:,.0f}/s on {cores} ({every / (cores * bare):.0%} of {cores} x bare, "
            f"{every / bare_everywhere:.0%} of the bare loop on {cores})"
        )
    del strings


def corpus_lookups(quick: bool) -> None:
    lines = 200_000 if quick else 10_000_000
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ntlm.txt"
        start = time.perf_counter()
        step = (1 << 128) // lines
        with path.open("w", encoding="ascii") as handle:
            chunk = []
            for index in range(lines):
                chunk.append(f"{index * step + rng.randrange(step):032X}:{rng.randint(1, 999)}\n")
                if len(chunk) >= 100_000:
                    handle.write("".join(chunk))
                    chunk.clear()
            handle.write("".join(chunk))
        made = time.perf_counter() - start
        size = path.stat().st_size
        start = time.perf_counter()
        corpus = BreachCorpus(path)
        opened = time.perf_counter() - start
        accounts = 1_500
        digests = [f"{rng.getrandbits(128):032X}" for _ in range(accounts)]
        start = time.perf_counter()
        for digest in digests:
            corpus.count_digest(digest)
        elapsed = time.perf_counter() - start
        # Baseline in the same run: the same number of bare seek+readline pairs on the file.
        start = time.perf_counter()
        with path.open("rb") as handle:
            for digest in digests:
                handle.seek(int(digest[:8], 16) * size // (1 << 32))
                handle.readline()
                handle.readline()
        seeks = time.perf_counter() - start
    print(
        f"2. breach corpus: {lines:,} lines ({size / 1e6:,.0f} MB, written in {made:.1f} s, "
        f"opened and sampled in {opened * 1000:.1f} ms): {accounts:,} accounts in "
        f"{elapsed * 1000:.1f} ms = {accounts / elapsed:,.0f} accounts/s; one seek+read "
        f"per account: {seeks * 1000:.1f} ms ({elapsed / seeks:.1f}x a single seek)"
    )


FIRST = ["Matti", "Liisa", "Juha", "Anna", "Pekka", "Tuula", "Sami", "Maria", "Olli", "Eeva"]


LAST = read_words("fi_last_names.txt")[500:]


def whole(accounts: int) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        dump, people = Path(folder) / "dump.txt", Path(folder) / "people.csv"
        lines, rows = [], ["username;first_name;last_name"]
        for index in range(accounts):
            # Real surnames past the most common, one per person, as in a city's staff.
            first, last = rng.choice(FIRST), LAST[index % len(LAST)].capitalize()
            user = f"{first.lower()}.{last.lower()}"
            password = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789!#") for _ in range(16))
            lines.append(
                f"AANEKOSKI\\{user}:{1000 + index}:{'aad3b435b51404ee' * 2}:{nt_hex(password)}:::"
            )
            rows.append(f"{user};{first};{last}")
        dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
        people.write_text("\n".join(rows) + "\n", encoding="utf-8")
        options = HashAuditOptions(lang=Lang.EN, people=people, workers=os.cpu_count() or 1)
        audit = HashAudit(HashDump(dump), options)
        start = time.perf_counter()
        results = list(audit.results())
        wall = time.perf_counter() - start
        phases = audit.timings
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    per_account = phases["context"] / accounts
    print(
        f"3. whole audit of {len(results):,} accounts: {wall:.1f} s wall; global candidates "
        f"{audit.global_candidates:,} in {phases['global']:.1f} s "
        f"({audit.global_candidates / phases['global']:,.0f}/s), own candidates "
        f"{audit.context_candidates:,} ({audit.context_candidates / accounts:,.0f} per account) "
        f"in {phases['context']:.1f} s ({audit.context_candidates / phases['context']:,.0f}/s, "
        f"{per_account * 1000:.1f} ms per account); peak memory {own:.0f} MiB here, "
        f"{workers:.0f} MiB largest worker"
    )
    rate = audit.context_candidates / phases["context"]
    issue = phases["global"] * 5e6 / audit.global_candidates + 1_500 * 20_000 / rate
    defaults = phases["global"] + 1_500 * per_account
    print(
        f"   growth: time = {phases['global']:.1f} s (global candidates, once per audit) + "
        f"{per_account * 1000:.1f} ms x accounts (own candidates); the issue's workload, "
        f"1,500 x (5M + 20,000), at these rates: {issue:.0f} s; 1,500 accounts at the "
        f"default budgets: {defaults:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--parts", default="123", help="which measurements: 1, 2, 3")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f} at start")
    if "1" in args.parts:
        hashing(args.quick)
    if "2" in args.parts:
        corpus_lookups(args.quick)
    if "3" in args.parts:
        whole(20 if args.quick else args.accounts)
    print(f"load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
