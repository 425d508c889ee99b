# Chorus HTTP API.
#   docker build -t chorus .
#   docker run --rm -p 8000:8000 -v chorus-data:/data chorus        # embedded engine, no key
#   docker run --rm -p 8000:8000 -e OPENAI_API_KEY=... chorus         # with an LLM
#   docker compose up --build     # Postgres + 2 API replicas + 2 workers (compose.yaml)
# A bind-mounted data folder must be writable by uid 10001 (`chown 10001:10001 ./data`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TIKTOKEN_CACHE_DIR=/opt/tiktoken \
    CHORUS_HOST=0.0.0.0 \
    CHORUS_PORT=8000 \
    CHORUS_DB_PATH=/data/chorus.sqlite3

RUN groupadd --system --gid 10001 chorus \
 && useradd --system --uid 10001 --gid chorus --home-dir /app --no-create-home chorus \
 && mkdir -p /data "$TIKTOKEN_CACHE_DIR" \
 && chown chorus:chorus /data

WORKDIR /app

# 1. Dependencies only, at the versions pinned in constraints.txt: this layer is rebuilt when
#    pyproject.toml or constraints.txt change, not on code edits.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -c constraints.txt -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# 2. Tokenizer encodings fetched now, into TIKTOKEN_CACHE_DIR: nothing is downloaded at run time.
RUN python -c "import tiktoken; tiktoken.get_encoding('cl100k_base'); tiktoken.get_encoding('o200k_base')" \
 && chmod -R a+rX "$TIKTOKEN_CACHE_DIR"

# 3. The application, installed as the `chorus` and `chorus_evals` packages (the folders are
#    service/ and evals/; the links below are the same ones the checkout has).
COPY README.md ./
COPY service ./service
COPY evals ./evals
COPY prompts ./prompts
COPY seeds ./seeds
RUN ln -s service chorus && ln -s evals chorus_evals \
 && pip install --no-deps . \
 && rm -rf build *.egg-info \
 && cd / && python -c "import chorus.api.app, chorus.cli.main; from chorus.checker.lexicon import load_lexicon; assert load_lexicon().version, 'no WordNet table'"

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
# Readiness, not liveness: /readyz answers 200 only when the database does. The port is read
# by the same Settings `chorus serve` uses (CHORUS_PORT), so the two can never disagree.
# (`chorus worker` containers override this check: see compose.yaml.)
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request; from chorus.settings import Settings; urllib.request.urlopen(f'http://127.0.0.1:{Settings().port}/readyz', timeout=4)" || exit 1
CMD ["chorus", "serve"]
