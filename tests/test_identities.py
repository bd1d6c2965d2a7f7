from __future__ import annotations

import os

from aanekoski_somepolicy._audit.identities import SAMPLE, IdentityIndex, WorkIdentityStore


def test_store_keeps_every_identity_and_cleans_up() -> None:
    with WorkIdentityStore() as store:
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
