"""Settings for the test suite: the real settings, made fast and side-effect free."""

from .settings import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-that-is-long-enough-and-not-marked-insecure-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SLACK_WEBHOOK_URL = ""
# The test client speaks plain HTTP.
HTTPS = SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
