"""Configuration classes. Every setting can be overridden from the environment."""

import os
from datetime import timedelta

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
INSTANCE_DIR = os.path.join(BASE_DIR, "instance")


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url():
    url = os.environ.get("DATABASE_URL", f"sqlite:///{os.path.join(INSTANCE_DIR, 'forums.db')}")
    # Heroku-style URLs name the old driver; psycopg 3 is the one installed.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: How passwords are hashed (werkzeug's methods): scrypt, memory-hard, about 0.1 s of CPU a hash.
    PASSWORD_HASH_METHOD = "scrypt"
    REDIS_URL = os.environ.get("REDIS_URL")

    OFFICE_NAME = os.environ.get("OFFICE_NAME", "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลก")
    OFFICE_ADDRESS = os.environ.get(
        "OFFICE_ADDRESS", "ศาลากลางจังหวัดพิษณุโลก ถนนวังจันทน์ ตำบลในเมือง อำเภอเมืองพิษณุโลก จังหวัดพิษณุโลก 65000"
    )
    #: The office's part of a letter's number (ที่ พม ๐๕๓๖/…); empty leaves the whole number to be written in.
    OFFICE_DOCUMENT_PREFIX = os.environ.get("OFFICE_DOCUMENT_PREFIX", "")
    #: The office's telephone, printed at the foot of a letter for questions.
    OFFICE_PHONE = os.environ.get("OFFICE_PHONE", "")
    #: The office's fax and e-mail, printed under its telephone at the foot of a letter.
    OFFICE_FAX = os.environ.get("OFFICE_FAX", "")
    OFFICE_EMAIL = os.environ.get("OFFICE_EMAIL", "")
    #: The unit that owns the letters (ส่วนราชการเจ้าของเรื่อง), at the foot of a letter.
    OFFICE_UNIT = os.environ.get("OFFICE_UNIT", "กลุ่มการพัฒนาสังคมและสวัสดิการ")
    #: The emblem at the top of a letter (offices use the Garuda): an image under instance/ or
    #: static/. None is shipped: empty leaves its 3 cm place blank.
    LETTER_EMBLEM = os.environ.get("LETTER_EMBLEM", "")
    #: Thai digits (๐–๙) in the numbers and dates of letters and certificates, as many offices write.
    THAI_DIGITS = _env_bool("THAI_DIGITS", False)
    #: DOPA code of the office's province: the default for addresses and imports.
    OFFICE_PROVINCE_CODE = os.environ.get("OFFICE_PROVINCE_CODE", "65")
    #: The logo on printed documents: an image under instance/ or static/; empty for none.
    #: The default is a neutral emblem shipped with the app, not a government seal.
    OFFICE_LOGO = os.environ.get("OFFICE_LOGO", "img/emblem.svg")
    #: Who signs the invitation letters and certificates; an empty name leaves a line to fill in.
    SIGNER_NAME = os.environ.get("SIGNER_NAME", "")
    SIGNER_POSITION = os.environ.get("SIGNER_POSITION", "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลก")
    #: A forum document with at least this much work (in sign-in sheet rows; a badge counts two,
    #: a certificate three) is made by a background job and kept.
    DOCUMENTS_BACKGROUND_ROWS = int(os.environ.get("DOCUMENTS_BACKGROUND_ROWS", 500))
    #: Where documents made in the background are kept until their data changes.
    GENERATED_DOCUMENTS_DIR = os.environ.get(
        "GENERATED_DOCUMENTS_DIR", os.path.join(INSTANCE_DIR, "documents")
    )
    #: Empty rows at the end of the sign-in sheet for people who come without registering.
    SIGN_IN_BLANK_ROWS = int(os.environ.get("SIGN_IN_BLANK_ROWS", 10))
    #: Worker processes that lay out the parts of a long document at once (app/reports/parallel_parts.py);
    #: 1 lays them out one after the other in the process that asks.
    PDF_WORKERS = int(os.environ.get("PDF_WORKERS", min(os.cpu_count() or 1, 2)))

    BABEL_DEFAULT_LOCALE = "th"
    BABEL_DEFAULT_TIMEZONE = "Asia/Bangkok"
    LANGUAGES = ("th", "en")

    #: Personal data of participants is kept this long after their forum, then erased (PDPA).
    PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", 730))

    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 5 * 1024 * 1024))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 20000))
    #: Uploaded files (photos of notes); never served as static files.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", os.path.join(INSTANCE_DIR, "uploads"))
    #: Below MAX_CONTENT_LENGTH, so a too-large photo gets a message on the form, not an error page.
    NOTE_PHOTO_MAX_BYTES = int(os.environ.get("NOTE_PHOTO_MAX_BYTES", 4 * 1024 * 1024))
    NOTE_PHOTO_MAX_PIXELS = int(os.environ.get("NOTE_PHOTO_MAX_PIXELS", 50_000_000))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # A limiter that fails lets the request through and logs: a registration must not answer 500
    # because the count could not be kept (Redis gone, or limits' in-memory store racing on its
    # expiry timer under a threaded gunicorn, as `make run-lan` serves).
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 100 per hour")
    PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "30 per minute")

    #: Answers Flask-Compress compresses (app/static_files.py): text, scripts and JSON. Fonts are
    #: WOFF2 and images PNG or JPEG, compressed already.
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "text/plain",
        "text/calendar",
    ]

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    #: Implicit TLS from the first byte (port 465); MAIL_USE_TLS is STARTTLS (port 587).
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 30))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "no-reply@localhost")
    #: Where messages go as .eml files when MAIL_SERVER is not set.
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", os.path.join(INSTANCE_DIR, "outbox"))

    #: "thread" runs background jobs in the web process; "rq" hands them to `flask worker`.
    JOBS_BACKEND = os.environ.get("JOBS_BACKEND") or ("rq" if REDIS_URL else "thread")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "forums-jobs")
    JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", 10))
    #: A running job whose heartbeat is older than this is taken for crashed and may be resumed.
    JOBS_STALE_AFTER_SECONDS = float(os.environ.get("JOBS_STALE_AFTER_SECONDS", 90))
    JOBS_MAX_ATTEMPTS = int(os.environ.get("JOBS_MAX_ATTEMPTS", 3))
    JOBS_RETRY_DELAY_SECONDS = float(os.environ.get("JOBS_RETRY_DELAY_SECONDS", 5))
    #: This many failures in a row (the mail server is down) stop the job until it is resumed.
    JOBS_MAX_ERRORS_IN_A_ROW = int(os.environ.get("JOBS_MAX_ERRORS_IN_A_ROW", 5))
    #: RQ kills a job that runs longer; our own heartbeat, not this, tells a crash.
    JOBS_RQ_TIMEOUT = int(os.environ.get("JOBS_RQ_TIMEOUT", 6 * 3600))

    #: The public address (https://forum.example.go.th): every link that leaves the app (e-mails,
    #: QR codes, LINE cards) is built on it, never on the Host header a client sent.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    #: Host names the app answers to (comma-separated); any other Host header gets a 400 (Flask).
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", 0))


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "testing-only-not-secret"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Limits stay on, but high enough for a test suite; the limit tests lower them.
    LOGIN_RATE_LIMIT = "10000 per minute"
    PUBLIC_RATE_LIMIT = "10000 per minute"
    # Tests decide where mail goes and how jobs run, whatever the environment says.
    MAIL_SERVER = None
    JOBS_BACKEND = "thread"
    JOBS_RETRY_DELAY_SECONDS = 0
    # The suite already runs a test per CPU: documents are laid out in the test's own process,
    # and the tests of laying out side by side ask for workers themselves.
    PDF_WORKERS = 1
    # The suite creates and logs in about a thousand staff members: scrypt's 0.2 s of CPU for each
    # (a hash, then a check) was minutes of CI. tests/auth/test_passwords.py holds the real method.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    #: Browsers keep to HTTPS for this long (Strict-Transport-Security); 0 sends no such header.
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 31536000))
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    #: Settings without which the app refuses to start in production; a tuple: one of them.
    #: Without a public address or trusted hosts, links e-mailed to people would take the Host header.
    REQUIRED = ("SECRET_KEY", ("PUBLIC_BASE_URL", "TRUSTED_HOSTS"))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
