# ehcpdocs serve in a container (docs/server.md). Untested on the development machine, where
# docker cannot build.
FROM python:3.12-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY ehcpdocs ./ehcpdocs
COPY templates ./templates
RUN pip install --no-cache-dir '.[server]' \
 && useradd --system --uid 10001 --home-dir /nonexistent ehcpdocs

USER ehcpdocs
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
STOPSIGNAL SIGTERM
ENTRYPOINT ["ehcpdocs", "serve", "--host", "0.0.0.0", "--port", "8000"]
