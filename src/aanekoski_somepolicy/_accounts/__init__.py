"""Account identities for rule 9: city e-mail domains and username separation."""
