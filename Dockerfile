# syntax=docker/dockerfile:1
# Build: docker build -t openness-registry .
# Run:   docker run -e REGISTRY_SECRET_KEY=... -e REGISTRY_DATABASE_URL=... -p 8000:8000 openness-registry
# compose.yaml runs web, worker, scheduler, PostgreSQL and Redis from this one image.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY registry ./registry
COPY schemas ./schemas
COPY standins ./standins
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# git runs the code checker. Versions follow the base image's Debian release, whose
# security updates we want; pin the base image digest to freeze them.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 registry
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
COPY bin/docker-entrypoint /usr/local/bin/docker-entrypoint
WORKDIR /home/registry
USER 10001
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["docker-entrypoint"]
