"""Django settings for CarbonPeak, read from the environment.

One settings module, no settings maze: every knob that differs between a laptop,
CI and a server is an environment variable read by the small helpers below.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext

from carbonpeak.common import localtime

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


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = envbool("CARBONPEAK_DEBUG", False)
# A fixed development key keeps `make run` one command; a server must set its own.
SECRET_KEY = envstr("CARBONPEAK_SECRET_KEY", "carbonpeak-development-key-do-not-use-in-production")
ALLOWED_HOSTS = envlist("CARBONPEAK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CARBONPEAK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "carbonpeak.audit",
    "carbonpeak.people",
    "carbonpeak.plan",
    "carbonpeak.indicators",
    "carbonpeak.accounting",
    "carbonpeak.supervision",
    "carbonpeak.review",
    "carbonpeak.monitoring",
    "carbonpeak.roadmap",
    "carbonpeak.jobs",
    "carbonpeak.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "carbonpeak.http.errors.NoPlanLoadedMiddleware",
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

# SQLite (WAL) is the embedded default so that one command runs the whole product;
# a server points DATABASE_URL at PostgreSQL.
DEFAULT_SQLITE = REPO_DIR / "var" / "carbonpeak.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
# The Word template of the round report; empty = the bundled one (scripts/make_round_report_template.py).
CARBONPEAK_ROUND_REPORT_TEMPLATE = envstr("CARBONPEAK_ROUND_REPORT_TEMPLATE", "")

EMAIL_BACKEND = envstr("CARBONPEAK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

NINJA_PAGINATION_PER_PAGE = 100
