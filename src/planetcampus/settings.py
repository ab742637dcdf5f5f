"""Django settings, read from the environment (see docs/configuration.md).

The defaults run the demo: SQLite in ./var, DEBUG on, mail and SMS written
to files. Production sets DJANGO_ENV=production, which turns DEBUG off and
makes SECRET_KEY and ALLOWED_HOSTS mandatory.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from planetcampus.config import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = env_path("PLANETCAMPUS_DATA_DIR", PROJECT_DIR / "var")

ENVIRONMENT = env_str("DJANGO_ENV", "demo")
if ENVIRONMENT not in {"demo", "test", "production"}:
    raise ConfigurationError(f"DJANGO_ENV={ENVIRONMENT!r} is invalid: use demo, test or production.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str(
    "SECRET_KEY",
    None if PRODUCTION else "demo-only-secret-key-change-me-in-production-0123456789abcdef",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("ALLOWED_HOSTS is missing: list the portal's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public base URL of the portal, written in flyers, e-mails and SMS.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planetcampus.core",
    "planetcampus.estate",
    "planetcampus.accounts",
    "planetcampus.access",
    "planetcampus.messaging",
    "planetcampus.aaa",
    "planetcampus.portal",
    "planetcampus.selfcare",
    "planetcampus.center",
    "planetcampus.rollout",
    "planetcampus.switchover",
    "planetcampus.reporting",
    "planetcampus.eduroam",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "planetcampus.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "planetcampus.urls"
WSGI_APPLICATION = "planetcampus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planetcampus.core.context_processors.platform",
            ],
        },
    },
]

# Database: SQLite (WAL) in the data folder unless DATABASE_URL names another one.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'planetcampus.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "planetcampus_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Argon2 stays available to check stored hashes; new test passwords use a
    # fast hasher because every test creates several accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"

# Internationalisation: French first. Staff pages exist in fr and en; the
# students' pages in all five languages.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("zh-hans", "简体中文"),
]
STAFF_LANGUAGES = ("fr", "en")
LANGUAGE_COOKIE_NAME = "planetcampus_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"

# Mail: a file back end for the demo, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PlanetCampus <no-reply@planetcampus.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: "file" writes each message to SMS_FILE_PATH; "http" posts to SMS_HTTP_URL.
SMS_BACKEND = env_str("SMS_BACKEND", "file")
if SMS_BACKEND not in {"file", "console", "http"}:
    raise ConfigurationError(f"SMS_BACKEND={SMS_BACKEND!r} is invalid: use file, console or http.")
SMS_FILE_PATH = env_path("SMS_FILE_PATH", DATA_DIR / "sms")
SMS_HTTP_URL = env_str("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "PlanetCampus")

CUSTOMER_SERVICE_PHONE = env_str("CUSTOMER_SERVICE_PHONE", "+33 1 70 70 46 26")
LEGAL_NOTICE_URL = env_str("LEGAL_NOTICE_URL", "/fr/help/legal/")

# RADIUS: the HTTP interface FreeRADIUS calls, and the shared token it sends.
RADIUS_API_TOKEN = env_str("RADIUS_API_TOKEN", None if PRODUCTION else "demo-radius-api-token", required=PRODUCTION)
RADIUS_API_ALLOWED_IPS = env_list("RADIUS_API_ALLOWED_IPS", ["127.0.0.1", "::1"])
# Connection logs kept for a lawful request, in days (French law requires one year).
CONNECTION_LOG_RETENTION_DAYS = env_int("CONNECTION_LOG_RETENTION_DAYS", 365)

# OpenID Connect: the national student account ("MesServices Étudiant").
OIDC_ISSUER = env_str("OIDC_ISSUER", "")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Captive-portal detection probes arrive over plain HTTP and must not be redirected.
    SECURE_REDIRECT_EXEMPT = [r"^generate_204$", r"^gen_204$", r"^hotspot-detect\.html$", r"^connecttest\.txt$",
                              r"^ncsi\.txt$", r"^redirect$", r"^canonical\.html$", r"^success\.txt$",
                              r"^library/test/success\.html$", r"^hotspot/", r"^radius/"]

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

ADMIN_SITE_HEADER = _("PlanetCampus back office")
