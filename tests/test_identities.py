from __future__ import annotations

import os

from aanekoski_somepolicy._audit.identities import WorkIdentityStore


def test_store_dedupes_caps_and_cleans_up() -> None:
    with WorkIdentityStore() as store:
        path = store._path
        assert os.path.exists(path)
        store.add("h1", "mvirtanen", "m.v@aanekoski.fi")
        store.add("h1", "mvirtanen", None)
        for n in range(60):
            store.add("h2", f"user{n:02d}", None)
        assert store.get("h1") == (["mvirtanen"], ["m.v@aanekoski.fi"])
        usernames, emails = store.get("h2") or ([], [])
        assert len(usernames) == 50 and emails == []
        assert store.get("nobody") is None
    assert not os.path.exists(path)
