"""The password machinery of rule 9: strength estimate, context matching, blocklists, breach corpora."""
