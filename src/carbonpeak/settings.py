"""Django settings for CarbonPeak, read from the environment.

One settings module, no settings maze: every knob that differs between a laptop,
CI and a server is an environment variable read by the small helpers below.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext

from carbonpeak.common import localtime, secret_key

# Lets admin classes and querysets be subscripted at run time, as the type checker wants.
django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parent
REPO_DIR = SRC_DIR.parent.parent


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name) or default


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        sys.exit(f"{name} 应为整数 / must be a whole number: {raw!r}")


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


# `production` turns on what a server behind HTTPS needs (Secure cookies, HSTS, the redirect to HTTPS);
# `development` (the default) leaves them off so that `make run` works on http://127.0.0.1.
PROFILES = ("development", "production")
PROFILE = envstr("CARBONPEAK_PROFILE", "development")
if PROFILE not in PROFILES:
    sys.exit(f"CARBONPEAK_PROFILE 应为 {' / '.join(PROFILES)} / must be one of {', '.join(PROFILES)}: {PROFILE!r}")
PRODUCTION = PROFILE == "production"

DEBUG = envbool("CARBONPEAK_DEBUG", False)
ALLOWED_HOSTS = envlist("CARBONPEAK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CARBONPEAK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The API docs page from our own static files rather than a CDN (offline machines; the CSP).
    "ninja",
    "axes",
    "carbonpeak.audit",
    "carbonpeak.people",
    "carbonpeak.plan",
    "carbonpeak.indicators",
    "carbonpeak.accounting",
    "carbonpeak.supervision",
    "carbonpeak.review",
    "carbonpeak.monitoring",
    "carbonpeak.enterprise",
    "carbonpeak.roadmap",
    "carbonpeak.jobs",
    "carbonpeak.web",
    "carbonpeak.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "carbonpeak.http.errors.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "carbonpeak.http.errors.NoPlanLoadedMiddleware",
    "csp.middleware.CSPMiddleware",
    "carbonpeak.people.middleware.PasswordChangeRequiredMiddleware",
    # Last, as django-axes asks: it turns a lockout noticed during the login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carbonpeak.urls"
WSGI_APPLICATION = "carbonpeak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carbonpeak.web.context_processors.navigation",
            ],
        },
    },
]

# A 403 or 404 is an answer, not a fault: Django's request logger writes one line for it, without the
# traceback it attaches to PermissionDenied (http/logs.py). Everything else keeps Django's defaults.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_client_errors": {"()": "carbonpeak.http.logs.QuietClientErrors"}},
    "loggers": {"django.request": {"filters": ["quiet_client_errors"]}},
}

# SQLite (WAL) is the embedded default so that one command runs the whole product;
# a server points DATABASE_URL at PostgreSQL.
DEFAULT_SQLITE = REPO_DIR / "var" / "carbonpeak.sqlite3"
# Connections are kept between requests (each server thread keeps its own; 0 = a new one per request, as
# before): opening one costs a connect and the backend's set-up on every page (measured in
# docs/performance.md). The health check tests a kept connection before a request reuses it, so a
# restarted PostgreSQL costs a reconnect, not an error page (on SQLite, a local file, it is a no-op).
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=envint("CARBONPEAK_DB_CONN_MAX_AGE", 600), conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where the installation keeps what is its own and is not in the database: the generated secret key.
# Default: the SQLite file's folder, or var/ of the checkout on PostgreSQL.
_sqlite_name = str(DATABASES["default"].get("NAME") or "")
_beside_db = (DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
              and _sqlite_name not in ("", ":memory:") and not _sqlite_name.startswith("file:"))
DATA_DIR = Path(envstr("CARBONPEAK_DATA_DIR", str(Path(_sqlite_name).resolve().parent if _beside_db
                                                   else REPO_DIR / "var")))
# No public fallback: without CARBONPEAK_SECRET_KEY the installation makes its own key once (mode 0600).
try:
    SECRET_KEY = os.environ.get("CARBONPEAK_SECRET_KEY") or secret_key.load_or_create(DATA_DIR)
except secret_key.SecretKeyError as exc:
    sys.exit(str(exc))

# Accounts as 等保 三级 asks (docs/security.md): password rules, lockout, forced change, idle timeout.
CARBONPEAK_PASSWORD_MIN_LENGTH = envint("CARBONPEAK_PASSWORD_MIN_LENGTH", 10)
CARBONPEAK_PASSWORD_MIN_CLASSES = envint("CARBONPEAK_PASSWORD_MIN_CLASSES", 3)  # of lower, upper, digit, other
# A password older than this must be changed at the next request (0 = never); 90 days in production.
CARBONPEAK_PASSWORD_MAX_AGE_DAYS = envint("CARBONPEAK_PASSWORD_MAX_AGE_DAYS", 90 if PRODUCTION else 0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": CARBONPEAK_PASSWORD_MIN_LENGTH}},
    {"NAME": "carbonpeak.people.passwords.CharacterClassesValidator",
     "OPTIONS": {"min_classes": CARBONPEAK_PASSWORD_MIN_CLASSES}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Demo users (public password) are created by `setup` unless CARBONPEAK_DEMO_USERS=0 (the production
# profile's default); when off, any demo account that exists must change its password at its first login.
CARBONPEAK_DEMO_USERS = envbool("CARBONPEAK_DEMO_USERS", not PRODUCTION)
# Pages and read-models kept per data version (caching/); off only to measure without them (bench_web.py).
CARBONPEAK_VIEW_CACHE = envbool("CARBONPEAK_VIEW_CACHE", True)

# Lockout (django-axes): after N failures for one user name, or from one client address, logins from it
# are refused for the lockout time (0 = until the office unlocks it on 账号锁定).
AXES_ENABLED = envbool("CARBONPEAK_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = envint("CARBONPEAK_LOGIN_FAILURE_LIMIT", 5)
_lockout_minutes = envint("CARBONPEAK_LOGIN_LOCKOUT_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "carbonpeak.people.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "carbonpeak.people.lockout.client_address"
AXES_VERBOSE = False
# Logins, failures and lockouts are recorded as change records (people/account_log.py), not twice.
AXES_DISABLE_ACCESS_LOG = True
# Behind a reverse proxy (TLS terminated there), the client is the last X-Forwarded-For entry and the
# scheme comes from X-Forwarded-Proto; only set this when the proxy overwrites those headers.
CARBONPEAK_BEHIND_PROXY = envbool("CARBONPEAK_BEHIND_PROXY", False)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is tried
    "django.contrib.auth.backends.ModelBackend",
]

# Idle timeout: a session ends after this many minutes without a request (sliding: each request renews it).
CARBONPEAK_SESSION_IDLE_MINUTES = envint("CARBONPEAK_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = max(CARBONPEAK_SESSION_IDLE_MINUTES, 1) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Database sessions (a row on the server: logging out ends it everywhere) whose renewal is written at most once
# a minute instead of on every request: that write took SQLite's write lock on each page (caching/sessions.py).
SESSION_ENGINE = "carbonpeak.caching.sessions"

# Transport: on in the production profile, each its own setting to override.
SESSION_COOKIE_SECURE = envbool("CARBONPEAK_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("CARBONPEAK_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("CARBONPEAK_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("CARBONPEAK_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
# The preload directive alone enrols nothing: a domain is preloaded only when its owner submits it.
SECURE_HSTS_PRELOAD = envbool("CARBONPEAK_HSTS_PRELOAD", PRODUCTION)
if CARBONPEAK_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp), on in every profile: pages load scripts and styles from our own
# static files only (ECharts and htmx are served by us; chart data travels in json_script blocks, which
# are not run). Inline style attributes stay allowed (ECharts and bar widths use them).
CARBONPEAK_CSP = envbool("CARBONPEAK_CSP", True)
_CSP_SELF = "'self'"
CONTENT_SECURITY_POLICY: dict[str, object] | None = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        # Scripts come from our own static files only: no inline script or handler anywhere.
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF, "'unsafe-inline'"],
        "img-src": [_CSP_SELF, "data:", "blob:"],
        "font-src": [_CSP_SELF, "data:"],
        "connect-src": [_CSP_SELF],
        "object-src": ["'none'"],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": ["'none'"],
    }
} if CARBONPEAK_CSP else None

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = localtime.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = REPO_DIR / "var" / "static"
# Front-end libraries come from npm (no CDN: users' machines may have no internet).
NODE_MODULES = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded evidence. No URL serves this folder: files go out only through views that check
# who may see the report they belong to.
MEDIA_ROOT = Path(envstr("CARBONPEAK_MEDIA_ROOT", str(REPO_DIR / "var" / "media")))
# The largest request body read into memory (an API batch of readings, a form): larger ones are refused
# before they are read, with 413 in the API's error contract (http.problems). Kept equal to
# common.limits.MAX_BODY_BYTES, what the readings parser accepts in one request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The Word template of the round report; empty = the bundled one (scripts/make_round_report_template.py).
CARBONPEAK_ROUND_REPORT_TEMPLATE = envstr("CARBONPEAK_ROUND_REPORT_TEMPLATE", "")

EMAIL_BACKEND = envstr("CARBONPEAK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

NINJA_PAGINATION_PER_PAGE = 100

# Citizens' messages on the public site: at most this many per client address in the window (public/ratelimit.py).
CARBONPEAK_FEEDBACK_LIMIT = envint("CARBONPEAK_FEEDBACK_LIMIT", 5)
CARBONPEAK_FEEDBACK_WINDOW_SECONDS = envint("CARBONPEAK_FEEDBACK_WINDOW_SECONDS", 3600)
