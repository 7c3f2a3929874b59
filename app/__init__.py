"""The forum and training management system of a provincial social-development office."""

import os

from flask import Flask

from app.params import RecordIdConverter
from app.storable_text import keep_text_storable
from config import CONFIGS, INSTANCE_DIR


class ConfigurationError(RuntimeError):
    """A setting that production needs is missing."""


def create_app(config_name=None, overrides=None):
    """Build the app: configuration, extensions, blueprints, error pages, CLI and filters."""
    app = Flask(
        __name__,
        instance_path=INSTANCE_DIR,
        template_folder="../templates",
        static_folder="../static",
    )
    configure(app, config_name or os.environ.get("APP_ENV", "development"), overrides or {})
    app.url_map.converters["int"] = RecordIdConverter
    keep_text_storable(app)
    # Thai as is in JSON (../shared/API.md), not as \uXXXX escapes.
    app.json.ensure_ascii = False
    register_extensions(app)
    register_blueprints(app)
    register_job_kinds(app)
    register_errorhandlers(app)
    register_template_filters(app)
    register_security_headers(app)
    register_static_files(app)
    return app


def configure(app, config_name, overrides):
    config_class = CONFIGS[config_name]
    app.config.from_object(config_class)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(overrides)
    missing = [
        " or ".join(names) if isinstance(names, tuple) else names
        for names in getattr(config_class, "REQUIRED", ())
        if not any(app.config.get(name) for name in (names if isinstance(names, tuple) else (names,)))
    ]
    if missing:
        raise ConfigurationError(f"missing required setting(s) for {config_name}: {', '.join(missing)}")
    if not app.config.get("SECRET_KEY"):
        # Development without instance/config.py: sessions work, but only until a restart.
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app):
    from app import i18n
    from app.auth.loaders import register_login_loaders
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    register_login_loaders(login_manager)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)


def register_blueprints(app):
    from app.api import bp as api_bp
    from app.auth.admin_views import bp as admin_bp
    from app.auth.commands import bp as auth_commands_bp
    from app.auth.views import bp as auth_bp
    from app.checkin import scanner_views  # noqa: F401  (the scanner page registers on the checkin blueprint)
    from app.checkin.views import bp as checkin_bp
    from app.directory.commands import bp as directory_commands_bp
    from app.directory.self_update import bp as self_update_bp
    from app.directory.transfer_views import bp as transfer_bp
    from app.directory.views import bp as directory_bp
    from app.forums.public_views import bp as forums_public_bp
    from app.forums.views import bp as forums_bp
    from app.jobs.commands import bp as jobs_commands_bp
    from app.jobs.views import bp as jobs_bp
    from app.lan import bp as lan_bp
    from app.mail.commands import bp as mail_commands_bp
    from app.main import bp as main_bp
    from app.network import bp as network_bp
    from app.network import letter_views, public_views, record_views  # noqa: F401  (register on the self-update and network blueprints)
    from app.network import losing_touch_views as network_losing_touch  # noqa: F401  (as record_views)
    from app.network import views as network_views  # noqa: F401  (as record_views)
    from app.notes.action_views import bp as actions_bp
    from app.notes.feedback_public import bp as feedback_public_bp
    from app.notes.feedback_views import bp as feedback_bp
    from app.notes.views import bp as notes_bp
    from app.registration.commands import bp as registration_commands_bp
    from app.registration.public_views import bp as registration_public_bp
    from app.registration.views import bp as registration_bp
    from app.reports.public_views import bp as certificates_public_bp
    from app.reports.views import bp as documents_bp
    from app.reports.views import contract_bp as document_paths_bp

    for blueprint in (
        main_bp,
        auth_bp,
        admin_bp,
        directory_bp,
        transfer_bp,
        self_update_bp,
        forums_bp,
        forums_public_bp,
        registration_bp,
        registration_public_bp,
        checkin_bp,
        notes_bp,
        actions_bp,
        feedback_bp,
        feedback_public_bp,
        documents_bp,
        document_paths_bp,
        certificates_public_bp,
        network_bp,
        api_bp,
        auth_commands_bp,
        directory_commands_bp,
        jobs_bp,
        jobs_commands_bp,
        mail_commands_bp,
        registration_commands_bp,
        lan_bp,
    ):
        app.register_blueprint(blueprint)


def register_job_kinds(app):
    """The kinds of background job each area offers (see app/jobs/registry.py)."""
    from app.forums.mailing import JOB_KINDS as FORUM_MAIL_KINDS
    from app.jobs import registry
    from app.mail.service import SEND_MESSAGES
    from app.registration.notices import SEND_NOTICES
    from app.reports.certificate_mail import SEND_CERTIFICATES
    from app.reports.documents import register_document_kinds
    from app.reports.generated import MAKE_DOCUMENT

    for kind in (SEND_MESSAGES, SEND_NOTICES, *FORUM_MAIL_KINDS, MAKE_DOCUMENT, SEND_CERTIFICATES):
        registry.register(kind)
    register_document_kinds()


def register_errorhandlers(app):
    from app.errors import register

    register(app)


def register_security_headers(app):
    from app.security_headers import add_security_headers

    app.after_request(add_security_headers)


def register_static_files(app):
    from app import static_files

    static_files.init_app(app)


def register_template_filters(app):
    from app.templating import register

    register(app)
