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

# How long a SQLite writer waits for a lock before giving up, in milliseconds. Slow work
# (checking an upload) is done outside the lock, so saves wait milliseconds; one that still
# waits this long is answered 503 "the site is busy" with its text kept to send again.
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
# How long "Keep me signed in" lasts, in seconds (Flask-Login's default is a year).
REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
PERMANENT_SESSION_LIFETIME = 60 * 60 * 12  # seconds

# CSRF tokens live as long as the session; an expired token on a save re-shows the form.
WTF_CSRF_TIME_LIMIT = None

# An edit form is signed for its user and address when shown; a save that arrives after the
# session ended is offered back after sign-in only with that signature, and only this many
# seconds after the form was shown. Without it, a form another site posted could be saved.
RESUME_STAMP_MAX_AGE = 24 * 60 * 60

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
# Seconds a browser or proxy may show an anonymous reader's copy of a public page before
# asking again (with its ETag: an unchanged page then answers 304). Signed-in people and
# pages with a form or a message are never cached (app/security/caching.py).
PUBLIC_MAX_AGE = 60
# Bytes of rendered public pages each worker keeps for readers without a session
# (app/pagecache); 0 renders every page. An edit makes every kept page out of date.
PAGE_CACHE_BYTES = 32 * 1024 * 1024
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

# The address the site is served at, e.g. "https://partnership.example.org" (no path).
# Absolute links (hreflang and canonical links, feeds, the sitemap, robots.txt, open
# data) are built from it, never from the Host header a client sends; `flask check-deploy`
# asks for it. Empty: from the request's host, which TRUSTED_HOSTS then limits.
SITE_URL = ""
# Flask's list of the Host names the site answers to; any other gets a 400 before a page
# is built from it. A leading dot allows subdomains (".example.org"). None: the host of
# SITE_URL, or this machine's own names (localhost, 127.0.0.1) when SITE_URL is empty,
# enough for `flask run`. The host of EXPORT_BASE_URL is added, for the export's own
# requests. Add another name here only if it should serve the same site.
TRUSTED_HOSTS = None

# Sign-in throttling. Failed sign-ins are counted per client address (an IPv6 /64 as one),
# per account for browsers that never signed in to it, and per browser that did (it holds
# a signed "device cookie", after OWASP's advice on lockouts). After a count's free failures
# each further attempt waits LOGIN_DELAY_SECONDS, doubled at each failure up to
# LOGIN_DELAY_MAX_SECONDS: guessing slows to a crawl, yet no stranger can lock the owner
# out, because the owner's known browsers only answer for their own failures.
# The counts are kept in the database, so every worker and machine sees the same ones; when
# RATELIMIT_STORAGE_URI names a Redis server ("redis://127.0.0.1:6379/0", pip install
# redis) they are kept there instead. (That setting is also Flask-Limiter's storage.)
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_KEY_PREFIX = "roundtable"
RATELIMIT_HEADERS_ENABLED = True
LOGIN_DELAY_AFTER_ADDRESS = 20  # failures from one address, whichever accounts they try
LOGIN_DELAY_AFTER_ACCOUNT = 5  # failures at one account from browsers it does not know
LOGIN_DELAY_AFTER_DEVICE = 10  # failures from one of the account's known browsers
LOGIN_DELAY_SECONDS = 2
LOGIN_DELAY_MAX_SECONDS = 15 * 60
# A count is forgotten this long after its last failure.
LOGIN_FAILURES_FORGOTTEN_AFTER = 24 * 60 * 60  # seconds
# How long a browser stays known after its last successful sign-in.
LOGIN_DEVICE_COOKIE_DAYS = 365

# Sign-in sessions are listed at /manage/account/ and end when their row is deleted. One
# not kept signed in ends after PERMANENT_SESSION_LIFETIME without a request; one kept
# signed in ("remember me") REMEMBER_COOKIE_DURATION after it began. Ended ones are pruned
# at each sign-in. "Last seen" is written at most this often, not on every request.
SESSION_SEEN_EVERY_SECONDS = 60

# The Publish button in /manage: where the offline bundle goes (empty: <instance>/offline.zip)
# and the address the static copy is served from (for the sitemap; empty: relative).
EXPORT_ZIP = ""
EXPORT_BASE_URL = ""
# A Publish run writes a heartbeat every few seconds while it works. One whose heartbeat is
# older than this many seconds stopped before it finished (its process was killed or its
# machine restarted): /manage/publish/ says so, and the button starts a new run.
PUBLISH_HEARTBEAT_TIMEOUT = 60

# Outgoing mail (invitations, notices, digests), delivered by a background job with retries.
# MAIL_SERVER empty: nothing is sent; each message is written to <instance>/outbox/ as an
# .eml file, which administrators read at /manage/outbox/. Set the server to send by SMTP:
# port 587 with MAIL_USE_TLS (STARTTLS), or 465 with MAIL_USE_SSL. `flask mail-test ADDRESS`
# checks the settings.
MAIL_SERVER = ""
MAIL_PORT = 587
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_TIMEOUT = 30  # seconds to wait for the mail server
# The From address; the site's name is shown with it.
MAIL_DEFAULT_SENDER = "roundtable@localhost"

# Background jobs (mail, Publish, periodic work) wait in a queue that `flask worker` runs.
# Empty: the queue is a SQLite file in the instance folder (jobs.sqlite3), enough for one
# machine. "redis://host:6379/0": the queue is in Redis, shared by workers on several
# machines (pip install -e '.[redis]').
JOBS_URL = ""
# Jobs one `flask worker` (or the development server) runs at once, each in a thread.
JOBS_WORKERS = 2

# A second factor (codes from an authenticator app) at sign-in; see SECURITY.md. How long
# the step after the password may take before the password must be given again, in seconds.
SECOND_FACTOR_PENDING_SECONDS = 300
# Wrong codes in a row allowed before each further one makes the account wait: first
# SECOND_FACTOR_DELAY_SECONDS, then twice as long each time, up to the maximum. A 6-digit
# code is guessed in a million tries; this keeps an attacker who has the password to a few
# hundred a day, while a person who mistypes a few times hardly notices. Kept per account
# in the database, so giving the password again does not start the count afresh.
SECOND_FACTOR_FREE_ATTEMPTS = 5
SECOND_FACTOR_DELAY_SECONDS = 30
SECOND_FACTOR_MAX_DELAY_SECONDS = 15 * 60
# Recovery codes handed out at setup, each good for one sign-in without the app; the
# account page warns when this many or fewer remain.
SECOND_FACTOR_RECOVERY_CODES = 10
SECOND_FACTOR_RECOVERY_WARN_AT = 3

# One-time links sent by mail work once, and only this long after they were sent (seconds):
# an invitation to set a first password, a forgotten password's reset, and the
# confirmation of a new email address.
INVITATION_LINK_SECONDS = 7 * 24 * 60 * 60
PASSWORD_RESET_LINK_SECONDS = 60 * 60
EMAIL_CHANGE_LINK_SECONDS = 24 * 60 * 60
# "Forgot your password?" requests per address asked about, and per client address, before
# each further one must wait (LOGIN_DELAY_SECONDS, doubled each time up to
# LOGIN_DELAY_MAX_SECONDS): no one can fill a mailbox with links, or probe quickly.
PASSWORD_RESET_FREE_PER_ACCOUNT = 3
PASSWORD_RESET_FREE_PER_CLIENT = 10
# Notifications (app.notifications): the hour (UTC) from which each day's digest is mailed,
# and how many days before an action's due date its owner is reminded.
NOTIFICATION_DIGEST_HOUR = 6
NOTIFICATION_ACTION_DAYS = 7
# Subscriptions by email (/subscribe/). Subscription requests one client address may send
# (Flask-Limiter's notation), and the shortest time between two mails about a subscription
# (a confirmation, a link to manage it) to one address, in seconds, however often a form
# names it: no one can flood someone's mailbox through the form.
SUBSCRIBE_RATE_LIMIT = "10 per hour"
SUBSCRIPTION_MAIL_INTERVAL = 10 * 60

# Feature packages to install beyond the portal's own (app.FEATURES), each with an
# init_app(app): for tests that add a kind of record without editing the app.
EXTRA_FEATURES: tuple[str, ...] = ()
