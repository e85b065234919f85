"""Documented defaults for every setting Roundtable reads.

Settings are read in layers, each overriding the one before:

1. the defaults in this module;
2. ``<instance>/config.py`` (written by ``flask setup``, never committed);
3. ``ROUNDTABLE_*`` environment variables, e.g. ``ROUNDTABLE_DATABASE_URL``
   (values are parsed as JSON where they can be: ``ROUNDTABLE_MAX_UPLOAD_MB=20``);
4. the mapping passed to ``create_app(config)``, which tests use.

The instance folder itself is chosen by ``ROUNDTABLE_INSTANCE_PATH`` (default: ``instance/``
in the repository); the database, uploads and export paths derive from it unless set.
"""

# Signs sessions and CSRF tokens. ``flask setup`` writes a random one to instance/config.py.
SECRET_KEY = None

# An SQLAlchemy URL. Empty means SQLite at <instance>/roundtable.sqlite3.
# PostgreSQL: "postgresql://user:password@host/dbname" (driven by psycopg 3).
DATABASE_URL = ""

# How long a SQLite writer waits for a lock before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 10_000

# Folders; empty means <instance>/uploads and <instance>/export.
UPLOAD_FOLDER = ""
EXPORT_FOLDER = ""
# Index the static export with Pagefind so its search page works without a server.
EXPORT_SEARCH_INDEX = True
# Processes that render the export. 0: one per CPU core for an export of 1,000 pages or
# more, or for an update whose pages took a second or more in the last export; one
# otherwise (forking costs more than it saves there); 1: always one.
EXPORT_PROCESSES = 0

# The most addresses one sitemap file lists: the sitemaps protocol's limit. A site with
# more public pages serves /sitemap.xml as an index of /sitemaps/1.xml, /sitemaps/2.xml...
SITEMAP_MAX_URLS = 50_000

# The name shown until the coalition sets its own in /manage.
SITE_NAME = "Roundtable"

# The languages the public site is offered in; the first is the default, served at the
# site root, and each other one under its own prefix (/fr/guidelines/). Interface text comes
# from the message catalogues in BABEL_TRANSLATION_DIRECTORIES (empty: translations/ in the
# repository); the coalition's own text from the translations edited in /manage.
# BABEL_DEFAULT_LOCALE always follows the first language.
LANGUAGES = ["en", "fr", "es", "ar"]
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "UTC"
BABEL_TRANSLATION_DIRECTORIES = ""

# Argon2id cost. The defaults follow argon2-cffi's RFC 9106 "low memory" profile.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_COST = 65_536  # KiB
ARGON2_PARALLELISM = 4

# Cookies. SESSION_COOKIE_SECURE is switched on by `flask check-deploy` advice for HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = False
PERMANENT_SESSION_LIFETIME = 60 * 60 * 12  # seconds

# CSRF tokens live as long as the session; an expired token on a save re-shows the form.
WTF_CSRF_TIME_LIMIT = None

# Largest request body accepted, in bytes (uploads included).
MAX_CONTENT_LENGTH = 25 * 1024 * 1024
# Largest text one request may carry, in bytes: the whole body of a form sent without files,
# and each text field of one sent with files. A bigger request is refused (413) before it is
# read. A form's longest text (200,000 characters, app/textforms.py) takes up to 1.8 MB
# as a browser encodes it, so this leaves room for the rest of the form.
MAX_FORM_MEMORY_SIZE = 4 * 1024 * 1024

# Largest attachment accepted, in bytes (after images are re-encoded, before for others).
UPLOAD_MAX_BYTES = 20 * 1024 * 1024

# The most memory, in bytes, each process spends on remembering rendered Markdown (a text is
# often rendered several times in a row: a partner's page in each language). Counted by the
# size of the HTML kept; the least recently used goes first. 0 turns the cache off.
MARKDOWN_CACHE_BYTES = 4 * 1024 * 1024

# The content folder imported by `flask setup`; empty means content/ in the repository.
CONTENT_FOLDER = ""

# Response headers (app/security). The policy allows nothing but this site: no inline
# script or style, no eval, no framing; htmx is configured in base.html to need none.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Strict-Transport-Security, sent only on requests that arrived over HTTPS. 0 turns it off.
HSTS_SECONDS = 365 * 24 * 60 * 60
HSTS_INCLUDE_SUBDOMAINS = False
HSTS_PRELOAD = False
# How many reverse proxies (nginx, Caddy) stand in front of gunicorn. Their
# X-Forwarded-For and X-Forwarded-Proto are then trusted, so that sign-in throttling sees
# each reader's own address and HSTS sees HTTPS. Leave 0 when nothing is in front.
TRUSTED_PROXIES = 0

# Sign-in throttling (Flask-Limiter). Only failed attempts count. "memory://" keeps the
# counts in each process: right for one worker; with several workers (or machines), share
# them in Redis: RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0" (pip install redis).
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_KEY_PREFIX = "roundtable"
RATELIMIT_HEADERS_ENABLED = True
LOGIN_LIMIT_PER_ADDRESS = "20 per 10 minutes"
LOGIN_LIMIT_PER_ACCOUNT = "5 per minute; 20 per hour"
# The durable counter: after this many failed sign-ins in a row an account is locked for
# LOGIN_LOCK_MINUTES, and again after each further failure, until a sign-in succeeds or
# an administrator resets the password.
LOGIN_LOCK_AFTER = 10
LOGIN_LOCK_MINUTES = 15

# The Publish button in /manage: where the offline bundle goes (empty: <instance>/offline.zip)
# and the address the static copy is served from (for the sitemap; empty: relative).
EXPORT_ZIP = ""
EXPORT_BASE_URL = ""
# Run the export inside the request instead of in a background thread (tests).
PUBLISH_IN_FOREGROUND = False
