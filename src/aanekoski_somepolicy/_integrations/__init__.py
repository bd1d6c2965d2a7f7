"""Ways in for other Python applications: pydantic types and the Django validator."""
