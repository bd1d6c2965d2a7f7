"""The policy as data: the rule catalog, roles and scope."""
