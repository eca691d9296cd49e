"""One settings module, driven by environment variables (docs/operations.md lists them all)."""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SKILLUP_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "dev-only-insecure-secret-key-for-the-demo-district-never-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or (_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see docs/operations.md)")


def _dev_key(label: str) -> str:
    digest = hashlib.sha256(f"{SECRET_KEY}:{label}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Fernet keys for personal data at rest; several comma-separated keys allow rotation (first encrypts).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY") or ([_dev_key("field-encryption")] if DEBUG else [])
# HMAC key for look-ups of identity numbers; never rotated without re-hashing every row.
LOOKUP_HASH_KEY = os.environ.get("LOOKUP_HASH_KEY") or (_dev_key("lookup-hash") if DEBUG else "")
if not FIELD_ENCRYPTION_KEYS or not LOOKUP_HASH_KEY:
    raise RuntimeError("FIELD_ENCRYPTION_KEY and LOOKUP_HASH_KEY must be set when DEBUG is off")


def _raw_key(name: str, value: str) -> str:
    """A base64 32-byte raw key (standard or URL-safe alphabet), refused at startup if malformed."""
    try:
        raw = base64.urlsafe_b64decode(value.strip().replace("+", "-").replace("/", "_"))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise RuntimeError(f"{name} must be the base64 of a 32-byte raw Ed25519 key (see docs/operations.md)")
    return value.strip()


# Ed25519 key signing the audit checkpoints kept outside the database (issue 10 item 8).
AUDIT_SIGNING_KEY = os.environ.get("AUDIT_SIGNING_KEY") or (_dev_key("audit-signing") if DEBUG else "")
if not AUDIT_SIGNING_KEY:
    raise RuntimeError("AUDIT_SIGNING_KEY must be set when DEBUG is off (see docs/operations.md)")
AUDIT_SIGNING_KEY = _raw_key("AUDIT_SIGNING_KEY", AUDIT_SIGNING_KEY)
# Public keys of earlier signing keys, so checkpoints signed before a rotation still count.
AUDIT_PREVIOUS_PUBLIC_KEYS = [
    _raw_key("AUDIT_PREVIOUS_PUBLIC_KEYS", k) for k in env_list("AUDIT_PREVIOUS_PUBLIC_KEYS")
]
# Append-only file of signed checkpoints, one JSON line each (also written to the log).
AUDIT_CHECKPOINT_FILE = Path(os.environ.get("AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit-checkpoints.jsonl"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Addresses (or networks) of the reverse proxies in front of gunicorn: only from them is X-Forwarded-For
# believed, to set REMOTE_ADDR to the client (core.middleware.ProxyClientAddressMiddleware).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files: no CDN on a government intranet
    "skillup.core",
    "skillup.accounts",
    "skillup.registry",
    "skillup.training",
    "skillup.subsidies",
    "skillup.certificates",
    "skillup.planning",
    "skillup.fund",
    "skillup.whatif",
    "skillup.integrity",
    "skillup.records",
    "skillup.market",
    "skillup.programmes",
    "skillup.directory",
    "skillup.exports",
]

MIDDLEWARE = [
    "skillup.core.middleware.ProxyClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "skillup.core.middleware.RequestIdMiddleware",
    "skillup.core.middleware.DeviceIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Control characters, JSON nested too deep, bodies too large or unparseable: 4xx before any view
    # (issue 10 items 4 and 5); after auth and messages so that the 400 page renders in the shell.
    "skillup.core.guard.InputGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files are served by WhiteNoise in production; runserver serves them while developing.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "skillup.urls"
WSGI_APPLICATION = "skillup.wsgi.application"

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
                "skillup.core.context_processors.shell",
            ],
            # Stored moments are shown on the business clock in every template (core/clock.py).
            "builtins": ["skillup.core.templatetags.business_time"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'skillup.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside the writer; IMMEDIATE takes the write lock at BEGIN, so two
    # transactions that both check a cap can never interleave (the SQLite stand-in for FOR UPDATE).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "skillup.accounts.backends.SkillUpBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 idle minutes and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: five wrong passwords lock the account for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
# Username and address together: an office behind one NAT address is not locked out by one user.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "skillup.core.staticfiles.StaticStorage"  # hashed names; tolerates unshipped source maps
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "skillup@localhost")

# Celery: a real broker when REDIS_URL is set; otherwise tasks run in-process (embedded default).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

# Cache: throttle counts (skillup.core.throttle) must be shared by every worker in production, so set
# CACHE_URL (a Redis database of its own, e.g. redis://127.0.0.1:6379/1); unset, each process counts alone.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "skillup"}
    )
}
# Attempt limits: scope -> (attempts, window in seconds). Used through skillup.core.throttle only.
THROTTLES = {
    "signup": (int(os.environ.get("THROTTLE_SIGNUP", "10")), 3600),  # identity/name checks per address
    "signup_person": (5, 3600),  # identity/name checks per identity number
    "otp": (5, 900),  # wrong one-time codes per binding request and per person (a code lives 10 minutes)
    "otp_ip": (30, 900),  # wrong one-time codes per address (a classroom shares one NAT address)
    "otp_send": (3, 900),  # codes sent per person and per phone
    "otp_send_ip": (30, 3600),  # codes sent per address (no SMS flooding through new-person signups)
    "api_token": (int(os.environ.get("THROTTLE_API_TOKEN", "20")), 300),  # bad tokens per address
}
# API tokens (issue 10 item 9): the longest (and default) lifetime in days; a shorter one may be chosen.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))

# SMS (issue 10 item 1): the one-time codes that prove a person controls the phone on record.
# The log backend writes to the log and to the DEBUG-only outbox page /dev/sms/; with DEBUG off it sends
# nothing (codes must never sit in production logs) and `check --deploy` warns. The HTTP backend POSTs
# {"phone", "message"} as JSON to SMS_GATEWAY_URL with "Authorization: Bearer SMS_GATEWAY_TOKEN".
SMS_BACKEND = os.environ.get("SMS_BACKEND", "skillup.accounts.sms.LogBackend")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "5"))
SMS_SIGNATURE = os.environ.get("SMS_SIGNATURE", "【技能提升行动】")
SIGNUP_CODE_SECONDS = 600  # a one-time code expires after 10 minutes

# The business clock (DESIGN.md): every "today" of the programme comes from skillup.core.clock.
SKILLUP_TODAY = os.environ.get("SKILLUP_TODAY", "")
DEMO_PASSWORD = "skillup-demo"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer may probe gunicorn itself over plain HTTP; the probe carries no personal data.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Daily jobs (run `celery -A skillup beat` beside the workers; times are Asia/Shanghai).
CELERY_BEAT_SCHEDULE = {
    "advance-classes": {"task": "training.classes_advance", "schedule": 60 * 60 * 24},
    "audit-verify": {"task": "skillup.audit_verify", "schedule": 60 * 60 * 24},
    # Anchors the chain outside the database every hour (accounts/checkpoints.py).
    "audit-checkpoint": {"task": "skillup.audit_checkpoint", "schedule": 60 * 60},
    # The integrity scan over the whole district, at 02:30 every night (issue 11 item 2).
    "integrity-nightly": {"task": "integrity.nightly", "schedule": crontab(hour=2, minute=30)},
    # Group-buys below their minimum after the deadline are dissolved, everyone told (issue 13 item 3).
    "market-groups-dissolve": {"task": "market.groups_dissolve", "schedule": crontab(hour=0, minute=10)},
    # The dashboard's claim rollup against a fresh aggregate; a difference is logged as an error (issue 16).
    "claim-rollup-verify": {"task": "subsidies.rollup_verify", "schedule": crontab(hour=3, minute=15)},
}
# Task modules autodiscovery does not find (it looks for `tasks.py` only).
CELERY_IMPORTS = ["skillup.market.tasks_groups"]

# The claims table's covering indexes carry INCLUDE columns on PostgreSQL (the dashboard's index-only
# scans); SQLite builds them without those columns, which is fine for the embedded demo.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Verifiable credentials (issue 14, docs/records.md): the district's DID (did:web of the public host), the
# public base URL in credentials and QR codes, the issuer's name. Keys are in the database (records).
CREDENTIALS_BASE_URL = os.environ.get("CREDENTIALS_BASE_URL", "https://skills.shangyu.gov.cn").rstrip("/")
CREDENTIALS_DID = os.environ.get(
    "CREDENTIALS_DID", "did:web:" + CREDENTIALS_BASE_URL.split("://", 1)[-1].split("/", 1)[0]
)
CREDENTIALS_ISSUER_NAME = os.environ.get("CREDENTIALS_ISSUER_NAME", "绍兴市上虞区人力资源和社会保障局")
THROTTLES["credentials_verify"] = (int(os.environ.get("THROTTLE_CREDENTIALS_VERIFY", "60")), 60)
