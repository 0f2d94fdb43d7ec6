"""One settings module for every test configuration; the session knobs come from the environment.

DJANGO_LAB_SESSION_ENGINE            db | cache | file | cached_db | signed_cookies (or a full dotted path)
DJANGO_LAB_EXPIRE_AT_BROWSER_CLOSE   1/true/yes to set SESSION_EXPIRE_AT_BROWSER_CLOSE
DJANGO_LAB_COOKIE_AGE                SESSION_COOKIE_AGE in seconds (Django's default: 1209600)
DJANGO_LAB_SAVE_EVERY_REQUEST        1/true/yes to set SESSION_SAVE_EVERY_REQUEST
DJANGO_LAB_COOKIE_NAME               SESSION_COOKIE_NAME (default sessionid), e.g. __Host-sessionid
DJANGO_LAB_COOKIE_SECURE             1/true/yes to set SESSION_COOKIE_SECURE
DJANGO_LAB_COOKIE_SAMESITE           SESSION_COOKIE_SAMESITE: Lax (default) | Strict | None | off (no attribute)
DJANGO_LAB_COOKIE_DOMAIN             SESSION_COOKIE_DOMAIN, e.g. example.test (default: a host-only cookie)
DJANGO_LAB_DATA_DIR                  where the sqlite file and file-backend sessions live (one per server)

The plain names (SESSION_ENGINE, SESSION_EXPIRE_AT_BROWSER_CLOSE, SESSION_COOKIE_AGE, …) are accepted too,
so the site can be run by hand the way Django names the settings.
"""
import os
import tempfile
from pathlib import Path

ENGINES = {
    'db': 'django.contrib.sessions.backends.db',
    'cache': 'django.contrib.sessions.backends.cache',
    'file': 'django.contrib.sessions.backends.file',
    'cached_db': 'django.contrib.sessions.backends.cached_db',
    'signed_cookies': 'django.contrib.sessions.backends.signed_cookies',
}


def _env(name, default=None):
    return os.environ.get('DJANGO_LAB_' + name, os.environ.get('SESSION_' + name, default))


def _flag(name):
    return str(_env(name, '')).strip().lower() in ('1', 'true', 'yes', 'on')


def _samesite():
    raw = str(_env('COOKIE_SAMESITE', 'Lax')).strip()
    if raw.lower() in ('off', 'false', ''):
        return False
    if raw.lower() not in ('lax', 'strict', 'none'):
        raise SystemExit('unknown SameSite %r: use Lax, Strict, None or off' % raw)
    return raw.capitalize()


def _engine():
    raw = os.environ.get('DJANGO_LAB_SESSION_ENGINE', os.environ.get('SESSION_ENGINE', 'db')).strip()
    if raw in ENGINES:
        return ENGINES[raw]
    if raw.startswith('django.contrib.sessions.backends.'):
        return raw
    raise SystemExit('unknown session engine %r: use one of %s' % (raw, ', '.join(ENGINES)))


BASE_DIR = Path(__file__).resolve().parent.parent
# Tests give every server its own folder; by hand, the database sits beside manage.py (git-ignored).
_data = os.environ.get('DJANGO_LAB_DATA_DIR')
DATA_DIR = Path(_data) if _data else BASE_DIR
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Fixed and public on purpose: signed session cookies in tests must verify the same way as the
# captured reference headers, and this site never leaves the loopback interface.
SECRET_KEY = 'django-lab-insecure-secret-key-do-not-use-in-production'
DEBUG = False
# The loopback names, and the names tests map to 127.0.0.1 in the browsers (a site and its sibling, and a
# site of another registrable domain for cross-site requests).
ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]', '.example.test', '.other.test']

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'django.contrib.sessions',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
]

ROOT_URLCONF = 'lab.urls'
WSGI_APPLICATION = 'lab.wsgi.application'
TEMPLATES = []

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': str(DATA_DIR / 'db.sqlite3'),
    }
}
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}

SESSION_ENGINE = _engine()
SESSION_FILE_PATH = str(DATA_DIR / 'sessions') if _data else tempfile.gettempdir()
os.makedirs(SESSION_FILE_PATH, exist_ok=True)
SESSION_EXPIRE_AT_BROWSER_CLOSE = _flag('EXPIRE_AT_BROWSER_CLOSE')
SESSION_SAVE_EVERY_REQUEST = _flag('SAVE_EVERY_REQUEST')
SESSION_COOKIE_AGE = int(_env('COOKIE_AGE', str(60 * 60 * 24 * 7 * 2)))
SESSION_COOKIE_NAME = _env('COOKIE_NAME', 'sessionid')
SESSION_COOKIE_SECURE = _flag('COOKIE_SECURE')
SESSION_COOKIE_SAMESITE = _samesite()
SESSION_COOKIE_DOMAIN = _env('COOKIE_DOMAIN') or None

# Users are created without a usable password: hashing is the slowest part of a login otherwise.
PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']

USE_TZ = True
TIME_ZONE = 'UTC'
USE_I18N = False
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
