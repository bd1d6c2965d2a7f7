"""Coverage-guided fuzzing of rule 9's password judge (issue 15).

Run (new inputs go to the scratch folder, the committed seeds stay as they are)::

    scratch=$(mktemp -d) && cp fuzz/corpus/password_judge/* "$scratch"
    nice -n 10 python fuzz/fuzz_password_judge.py -runs=110000 -max_len=512 "$scratch"

Any text up to the input limit (4,096 code points) must be judged without an exception. The
bytes are decoded as UTF-8 with surrogate escapes, so lone surrogates reach the judge too.
``-max_len=512`` keeps executions cheap: every reading that branches (the scoring window,
the rule-engine reading, the fuzzy context terms) looks at the first 72 code points, and
what lies past them is handled linearly; the hypothesis property in
``tests/test_password_any_text.py`` covers texts up to the full 4,096.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from aanekoski_somepolicy import default_policy
    from aanekoski_somepolicy._passwords.judge import judge_for, personal_tokens
    from aanekoski_somepolicy._subjects import PASSWORD_INPUT_MAX

JUDGE = judge_for(default_policy().parameters.password)


def test_one_input(data: bytes) -> None:
    """Judge one fuzzed password; any exception is a crash."""
    provider = atheris.FuzzedDataProvider(data)
    mfa = provider.ConsumeBool()
    name = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 24))
    password = provider.ConsumeBytes(4 * PASSWORD_INPUT_MAX).decode("utf-8", "surrogateescape")
    password = password[:PASSWORD_INPUT_MAX]
    tokens = personal_tokens([name], min_length=3)
    verdict = JUDGE.judge(password, mfa=mfa, service=name, personal=tokens)
    if not 0 <= verdict.estimate.score <= 4:
        raise AssertionError("score out of range")


def main() -> None:
    """Run the fuzzer with libFuzzer arguments from the command line."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
