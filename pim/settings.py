"""The one settings module. Everything that differs between machines comes from the environment.

Local use (``make run``, ``make test``) sets ``DEBUG=true``; with DEBUG off the project is in production mode:
``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required and the security settings are strict.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
VAR_DIR = Path(os.environ.get("PIM_VAR_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production mode).")
    # Local use: generated once and kept, so sessions survive a restart of `make run`.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (production mode).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# This PIM's own public base URL: absolute image and feed URLs are built from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from static (no CDN)
    "tree_queries",
    "django_celery_beat",
    "simple_history",  # its management commands (clean_old_history) and translations; the models are ours
    "catalog",
    # After catalog: syndication contributes channel readiness and overrides to the catalog admin.
    "syndication",
    "integrations",  # the REST API's tokens and tombstones; depends on catalog and syndication
    "roles",  # last: its post_migrate sync sees every app's permissions
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # History rows record who (the request's user, read when the row is written) and through what (admin, API).
    "simple_history.middleware.HistoryRequestMiddleware",
    "pim.middleware.HistorySourceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pim.urls"
WSGI_APPLICATION = "pim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pim.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Web, worker and beat share the file: WAL lets readers run beside a writer, IMMEDIATE
        # takes the write lock at BEGIN so two writers queue instead of failing half-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory: the tests start real worker processes that must open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("pl", _("Polish")), ("it", _("Italian")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Uploads: Pillow refuses images above this many pixels (decompression bombs) before decoding them.
PIM_MAX_IMAGE_PIXELS = int(os.environ.get("PIM_MAX_IMAGE_PIXELS", str(40_000_000)))
PIM_MAX_UPLOAD_BYTES = int(os.environ.get("PIM_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
# Catalog imports (catalog.transfer): larger files are refused before a row is read. Files with more rows than
# PIM_IMPORT_SYNC_ROWS are planned and applied by the Celery worker, smaller ones during the request. Rows are
# processed PIM_IMPORT_CHUNK_ROWS at a time (one transaction each when skipping bad rows; progress per chunk). A job
# whose worker has not reported progress for PIM_IMPORT_STALE_SECONDS may be taken over by a redelivered task.
PIM_IMPORT_MAX_BYTES = int(os.environ.get("PIM_IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
PIM_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("PIM_IMPORT_MAX_UNPACKED_BYTES", str(1024 * 1024 * 1024)))
PIM_IMPORT_MAX_ROWS = int(os.environ.get("PIM_IMPORT_MAX_ROWS", "200000"))
PIM_IMPORT_SYNC_ROWS = int(os.environ.get("PIM_IMPORT_SYNC_ROWS", "2000"))
PIM_IMPORT_CHUNK_ROWS = int(os.environ.get("PIM_IMPORT_CHUNK_ROWS", "1000"))
PIM_IMPORT_STALE_SECONDS = int(os.environ.get("PIM_IMPORT_STALE_SECONDS", "900"))
# Above this many rows the admin shows the planner's estimate instead of an exact COUNT(*).
PIM_ADMIN_EXACT_COUNT_LIMIT = int(os.environ.get("PIM_ADMIN_EXACT_COUNT_LIMIT", "20000"))
PIM_FEED_CHUNK_SIZE = int(os.environ.get("PIM_FEED_CHUNK_SIZE", "2000"))
# Published feed files: "<channel>/<run id>/<file name>" below this folder.
PIM_FEEDS_ROOT = Path(os.environ.get("PIM_FEEDS_ROOT", VAR_DIR / "feeds"))
# One run per channel at a time: the worker holds a lease, renewed every chunk; a crashed worker's lease expires.
PIM_FEED_RUN_LEASE_SECONDS = int(os.environ.get("PIM_FEED_RUN_LEASE_SECONDS", "300"))
PIM_FEED_BUSY_RETRY_SECONDS = int(os.environ.get("PIM_FEED_BUSY_RETRY_SECONDS", "30"))
# Queued runs older than this are sent to the broker again by beat's sweep (their first message may be lost).
PIM_FEED_QUEUED_RESEND_SECONDS = int(os.environ.get("PIM_FEED_QUEUED_RESEND_SECONDS", "900"))
# load_demo publishes the demo channels itself up to this many variants; above it (a generated catalog beside the
# demo) the runs are queued for the worker instead of holding the command for minutes.
PIM_DEMO_INLINE_PUBLISH_LIMIT = int(os.environ.get("PIM_DEMO_INLINE_PUBLISH_LIMIT", "20000"))
# Temporary files older than this were left by a killed run; the channel's next run removes them.
PIM_FEED_STALE_TEMP_SECONDS = int(os.environ.get("PIM_FEED_STALE_TEMP_SECONDS", str(6 * 3600)))
# Pushing feeds to destinations (syndication.deliveries): a failed attempt is retried after 30 s, 2 min, 8 min, ...
# (x4 each time, capped), at most this many attempts in all; timeouts apply to connecting and to each read/write.
PIM_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("PIM_DELIVERY_MAX_ATTEMPTS", "5"))
PIM_DELIVERY_BACKOFF_SECONDS = int(os.environ.get("PIM_DELIVERY_BACKOFF_SECONDS", "30"))
PIM_DELIVERY_MAX_BACKOFF_SECONDS = int(os.environ.get("PIM_DELIVERY_MAX_BACKOFF_SECONDS", "3600"))
PIM_DELIVERY_TIMEOUT_SECONDS = float(os.environ.get("PIM_DELIVERY_TIMEOUT_SECONDS", "60"))
# A push to a destination that is busy with another one waits this long; one running longer is taken as abandoned.
PIM_DELIVERY_BUSY_RETRY_SECONDS = int(os.environ.get("PIM_DELIVERY_BUSY_RETRY_SECONDS", "30"))
PIM_DELIVERY_STALE_SECONDS = int(os.environ.get("PIM_DELIVERY_STALE_SECONDS", "3600"))
# "Folder on this server" destinations write below this folder only.
PIM_DELIVERY_FILESYSTEM_ROOT = Path(os.environ.get("PIM_DELIVERY_FILESYSTEM_ROOT", VAR_DIR / "deliveries"))
# Encrypts destination passwords, keys and tokens at rest: comma-separated passphrases or Fernet keys, the first
# encrypts, all decrypt (rotation). Unset: derived from SECRET_KEY, so rotating SECRET_KEY then means re-entering
# the secrets (see syndication/encryption.py).
PIM_SECRETS_KEY = os.environ.get("PIM_SECRETS_KEY", "")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # The embedded default: a broker that is a folder, so `make run` needs no server.
    _broker_dir = VAR_DIR / "celery" / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        "control_folder": str(VAR_DIR / "celery" / "control"),  # kombu's default is ./control
    }
    for _folder in ("broker", "processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Copied into django-celery-beat's tables when beat starts; the channels' own schedules live there too.
CELERY_BEAT_SCHEDULE = {
    "feeds-sweep": {"task": "syndication.tasks.feeds_sweep", "schedule": 60.0},
    "deliveries-sweep": {"task": "syndication.delivery_tasks.deliveries_sweep", "schedule": 60.0},
    "tombstones-purge": {"task": "integrations.tasks.tombstones_purge", "schedule": 3600.0},
}

# The REST API (/api/v1/, see README "REST API for integrations").
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous request a 401. Sessions serve the browsable API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["integrations.permissions.ModelPermissions", "integrations.permissions.TokenScope"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["catalog.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "catalog.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "catalog.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "catalog.api.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PIM API",
    "DESCRIPTION": "Catalog, stock and price sync, channels and feed runs for integrations. "
                   "Authenticate with `Authorization: Token <key>` (tokens are created in the admin).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,  # read-only fields stay out of request bodies
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProductStatusEnum": "catalog.models.products.Product.Status",
        "FeedRunStatusEnum": "syndication.models.runs.FeedRun.Status",
    },
}
# Incremental sync: tombstones (deletions, archivings, channel exclusions) are kept this long; an updated_since
# older than that is answered 410 Gone and the reader reloads everything.
PIM_TOMBSTONE_RETENTION_DAYS = int(os.environ.get("PIM_TOMBSTONE_RETENTION_DAYS", "30"))
# The sync cut-off handed to readers is this far behind the request: a write whose transaction was still open when
# the reader listed (its updated_at earlier than its commit) is listed again on the next sync instead of missed.
PIM_API_SYNC_OVERLAP_SECONDS = int(os.environ.get("PIM_API_SYNC_OVERLAP_SECONDS", "120"))
# Rows one bulk stock or price request may carry (all applied in one transaction, or none).
PIM_API_BULK_MAX_ROWS = int(os.environ.get("PIM_API_BULK_MAX_ROWS", "5000"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000  # a product page with many variants x price lists x locations

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", True) else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
