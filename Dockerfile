# The same service as `./scripts/serve`, Tesseract included. Data lives in /app/data
# (mount a volume there), or set DATABASE_URL=postgresql+psycopg://… for PostgreSQL.
# Entry points of this one image:
#   API (default CMD):  approval serve --host 0.0.0.0 --port 8000 [--workers N]
#   job worker:         approval worker --concurrency 4      (PostgreSQL; run any number)
FROM python:3.12-slim-bookworm

# The CJK faces: a stated name is printed in them to see how the recogniser reads it
# (ocr/print_alike.py).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-chi-sim build-essential \
        fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY approval ./approval
COPY api ./api
COPY ocr ./ocr
COPY rules ./rules
RUN pip install --no-cache-dir -e . \
    && pip install --no-cache-dir --no-deps 'rapidocr_onnxruntime==1.4.4' \
    && apt-get purge -y build-essential && apt-get autoremove -y \
    && useradd --system --uid 10001 --create-home approval && mkdir -p /app/data && chown 10001 /app/data

USER 10001
ENV APPROVAL_RULES_DIR=/app/rules \
    APPROVAL_DATA_DIR=/app/data \
    OMP_THREAD_LIMIT=1 \
    PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"]
CMD ["approval", "serve", "--host", "0.0.0.0", "--port", "8000"]
