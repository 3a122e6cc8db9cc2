# syntax=docker/dockerfile:1
# Build: docker build -t openness-registry .   Run: docker run -e REGISTRY_SECRET_KEY=... -p 8000:8000 openness-registry
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY registry ./registry
COPY schemas ./schemas
COPY standins ./standins
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# git runs the code checker; nothing else is needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 registry
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
WORKDIR /srv/registry
USER registry
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["sh", "-c", "flask --app app db upgrade && exec gunicorn --bind 0.0.0.0:8000 --workers 2 --threads 4 'app:create_app()'"]
