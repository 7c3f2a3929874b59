"""The door's own server: gunicorn over TLS, a few processes each with threads, for `flask run-lan`.

Werkzeug's development server answers one Python thread at a time under the GIL and was never
meant for a venue's rush (8 phones scanning while 110 people open their tickets); gunicorn's
gthread workers spread the requests over processes, and the phones' keep-alive connections over threads.
"""

import os
import threading

from gunicorn.app.base import BaseApplication

from app.extensions import db

#: Two processes for a laptop's cores; threads so keep-alive phones do not hold a whole process.
WORKERS = 2
THREADS = 8


_context_lock = threading.Lock()
_contexts = {}


def _one_tls_context_per_process(config, make_context):
    """gunicorn's hook for the TLS context: one per worker process instead of one per connection.

    By default gunicorn builds a new SSLContext for every connection, reading and parsing the
    certificate and key again: about 1.5 ms of CPU each, three times the handshake itself, and a
    phone that reconnects can never resume its TLS session. Keyed by process id, so a worker
    never uses a context (and session-ticket key) made before its fork.
    """
    pid = os.getpid()
    with _context_lock:
        if pid not in _contexts:
            _contexts[pid] = make_context()
        return _contexts[pid]


class _LanServer(BaseApplication):
    def __init__(self, application, options):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return self.application


def serve(application, host, port, cert_path, key_path, workers=WORKERS, threads=THREADS):
    """Serve `application` over HTTPS on host:port until stopped (Ctrl+C or SIGTERM).

    The pools are emptied first: each forked process then opens its own connections, never the parent's.
    """
    with application.app_context():
        for engine in db.engines.values():
            engine.dispose()
    _LanServer(
        application,
        {
            "bind": f"{host}:{port}",
            "certfile": cert_path,
            "keyfile": key_path,
            "ssl_context": _one_tls_context_per_process,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "keepalive": 30,
            # A search of 200 Thai characters is 1,800 bytes once percent-encoded: gunicorn's
            # default 4,094-byte request line would answer 414 to lists the API allows.
            "limit_request_line": 8190,
            "accesslog": "-",
        },
    ).run()
