"""The audit of exports: readers per input kind, the work-identity index, evaluation, report writers."""
