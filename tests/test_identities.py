from __future__ import annotations

import os
import signal
import sqlite3
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit import identities
from aanekoski_somepolicy._audit.identities import SAMPLE, IdentityIndex, WorkIdentityStore


@pytest.mark.parametrize("writer", [False, True])
def test_store_keeps_every_identity_and_cleans_up(writer: bool) -> None:
    with WorkIdentityStore(writer=writer) as store:
        path = store.path
        assert os.path.exists(path)
        store.add("h1", "mvirtanen", "m.v@aanekoski.fi")
        store.add("h1", "mvirtanen", None)
        # Far more than the 50 a registration accepts: none is dropped.
        store.add_usernames("h2", [f"user{n:04d}" for n in range(5000)])
        store.seal()
        found = store.get("h1", "MVirtanen@gmail.com")
        assert found is not None
        assert found.usernames == ("mvirtanen",) and found.emails == ("m.v@aanekoski.fi",)
        assert found.total == 2
        index = IdentityIndex(path)
        last = index.get("h2", "USER4999", sample=0)
        assert last is not None and last.usernames == ("user4999",) and last.total == 5000
        sampled = index.get("h2", "user4999")
        assert sampled is not None and sampled.usernames[0] == "user4999"
        assert len(sampled.usernames) == SAMPLE + 1
        unmatched = index.get("h2", "someone-else", sample=0)
        assert unmatched is not None and len(unmatched.usernames) == 1
        assert index.get("nobody", "x") is None
        index.close()
    assert not os.path.exists(path)


_PEOPLE = st.sampled_from(["h1", "h2", "h3", "h\u00e4", "h\ud800"])
_NAMES = st.sampled_from(["matti", "Matti", "m\u0430tti", "liisa", '"matti"', "'", "x@y.fi", ""])


@settings(max_examples=200, deadline=None)
@given(
    added=st.lists(st.tuples(_PEOPLE, st.booleans(), _NAMES), max_size=25),
    asked=st.lists(st.tuples(_PEOPLE, st.none() | _NAMES), max_size=12),
)
def test_prefetched_lookups_equal_single_lookups(
    added: list[tuple[str, bool, str]], asked: list[tuple[str, str | None]]
) -> None:
    """A batch's look-ups answered at once give what one look-up per record gives."""
    with WorkIdentityStore() as store:
        for person, is_username, value in added:
            store.add(person, value if is_username else None, None if is_username else value)
        store.seal()
        single = IdentityIndex(store.path)
        batched = IdentityIndex(store.path)
        # People with few identities are answered from them, the others in SQL: both ways.
        for few in (64, 2, 0):
            with mock.patch.object(identities, "_FEW", few):
                batched.prefetch(asked)
            for person, username in asked:
                one, other = single.get(person, username, 0), batched.get(person, username, 0)
                if one is None or other is None:
                    assert one is None and other is None
                    continue
                assert (one.usernames, one.emails, one.total) == (
                    other.usernames,
                    other.emails,
                    other.total,
                )
        single.close()
        batched.close()


def test_prefetch_answers_from_its_batch() -> None:
    """After a prefetch, the batch's look-ups issue no query; others still do."""
    with WorkIdentityStore() as store:
        store.add("h1", "matti", "matti@aanekoski.fi")
        store.seal()
        index = IdentityIndex(store.path)
        index.prefetch([("h1", "matti"), ("h2", "liisa")])
        statements: list[str] = []
        index._db.set_trace_callback(statements.append)
        found = index.get("h1", "matti", 0)
        assert found is not None and found.usernames == ("matti",)
        assert found.emails == ("matti@aanekoski.fi",)
        assert index.get("h2", "liisa", 0) is None
        assert statements == []
        assert index.get("h1", "other", 0) is not None
        assert statements
        index.close()


def _contents(path: str) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return [
            db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("identity", "person_total")
        ]


@settings(max_examples=25, deadline=None)
@given(added=st.lists(st.tuples(_PEOPLE, st.booleans(), _NAMES), max_size=25))
def test_a_writer_process_writes_the_index_written_here(added: list[tuple[str, bool, str]]) -> None:
    """The first pass on several cores (a writer process) builds exactly the same index."""
    with WorkIdentityStore() as here, WorkIdentityStore(writer=True) as there:
        for person, is_username, value in added:
            for store in (here, there):
                store.add(person, value if is_username else None, None if is_username else value)
                store.add_emails(person, [value, "x@aanekoski.fi"])
        here.seal()
        there.seal()
        assert _contents(there.path) == _contents(here.path)
        assert there.empty == here.empty


def test_a_writer_that_dies_is_an_error_and_the_index_is_removed() -> None:
    store = WorkIdentityStore(writer=True)
    path = store.path
    store.add("h1", "matti", None)
    assert store._writer is not None
    process = store._writer._process
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    with pytest.raises(sqlite3.OperationalError, match="identity index writer stopped"):
        store.add_usernames("h2", [f"u{n}" for n in range(10_000)])  # a full batch is sent
        store.seal()
    store.close()
    assert not os.path.exists(path)


def test_closing_before_sealing_stops_the_writer_and_removes_the_index() -> None:
    with WorkIdentityStore(writer=True) as store:
        store.add_usernames("h1", [f"u{n}" for n in range(10_000)])
        assert store._writer is not None
        process = store._writer._process
    assert not process.is_alive() and not os.path.exists(store.path)
