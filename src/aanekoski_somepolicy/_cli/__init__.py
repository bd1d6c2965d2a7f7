"""The ``somepolicy`` command line."""
