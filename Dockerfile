# The policy service: `somepolicy serve` on uvicorn, stateless, one process per worker.
#   docker build -t somepolicy .
#   docker run -p 8000:8000 -e SOMEPOLICY_LOG_SALT=... somepolicy
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SOMEPOLICY_HOST=0.0.0.0 \
    SOMEPOLICY_PORT=8000 \
    SOMEPOLICY_WORKERS=2

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install --no-cache-dir '.[server]' \
    && useradd --system --no-create-home somepolicy

USER somepolicy
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
# A breach corpus, if any, is mounted read-only and named by SOMEPOLICY_BREACH_CORPUS.
CMD ["somepolicy", "serve"]
