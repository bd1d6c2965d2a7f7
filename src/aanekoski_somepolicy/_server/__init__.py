"""The HTTP service (``somepolicy serve``): FastAPI on uvicorn, for systems not in Python."""
