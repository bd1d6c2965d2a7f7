"""Scenario tests: policy decisions a city expects, checked like `opa test`."""
