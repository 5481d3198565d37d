# Coproduce web app and worker image. The same image runs gunicorn (default) or Celery.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts ./scripts
COPY static ./static
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN useradd --create-home --uid 1000 coproduce
# Every app is found by pyproject's package discovery, so none is listed here.
COPY . .
RUN pip install .
COPY --from=assets /app/static/dist ./static/dist
RUN PRODUCTION=true SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdefghijklmnop \
    MFA_ENCRYPTION_KEY=build-only-not-used-at-run-time-0123456789 \
    ALLOWED_HOSTS=localhost SITE_URL=https://localhost REDIS_URL=redis://localhost:6379/0 EMAIL_URL=smtp://localhost:25 \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --no-input
# Private files: downloads of people's data and large exports (PRIVATE_FILES_ROOT in
# docker-compose.yml): a new volume mounted
# here takes this folder's owner, so the app can write to it.
RUN mkdir /private && chown coproduce /private
USER coproduce
EXPOSE 8000
# Workers are replaced after 1,000 requests (give or take 100, so they are not all replaced at
# once), so that memory a request needed is given back; 60 s covers the longest request left
# (exports stream, and large ones keep the connection busy rather than the worker's memory).
CMD ["gunicorn", "coproduce.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--max-requests", "1000", "--max-requests-jitter", "100", "--timeout", "60", "--access-logfile", "-"]
