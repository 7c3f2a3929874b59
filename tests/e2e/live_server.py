"""The browser tests' live server: the suite's app, in a thread of the test process.

It shares the app, its settings and its database with the test, as a thread must. Two things
set it apart from a bare `werkzeug.serving.make_server(..., threaded=True)`:

- A browser that leaves mid-response (a page navigating on, a context closed at teardown) ends
  its own request and nothing else: the error its dropped connection raises in the request's
  thread is not a failure of the test that happened to be running.
- Every response is closed, also when the browser reset the connection before Werkzeug could.
- The server counts the requests in flight, so a test's teardown can wait until the server is
  done with what the browser asked (`wait_until_idle`) before the database is emptied under it.
"""

import logging
import socket
import sys
import threading

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

log = logging.getLogger(__name__)

#: What a socket raises when the other end has gone.
DROPPED = (ConnectionError, socket.timeout, TimeoutError)


def client_left(connection):
    """Whether the peer of a socket has closed it (or reset it): a read would get nothing."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False  # still there, just not sending
    except OSError:
        return True


#: The response of the request this thread is serving, until it is closed.
_serving = threading.local()


def _keeping_its_response(app):
    def serve(environ, start_response):
        _serving.response = app(environ, start_response)
        return _serving.response

    return serve


class _Handler(WSGIRequestHandler):
    def run_wsgi(self):
        # Werkzeug closes the response after draining the socket; when the browser has reset the
        # connection that drain raises first, and a static file's handle is left for the garbage
        # collector to report in whichever later test it runs.
        try:
            super().run_wsgi()
        finally:
            response, _serving.response = getattr(_serving, "response", None), None
            if hasattr(response, "close"):
                response.close()

    def handle(self):
        try:
            super().handle()
        except Exception:
            if not client_left(self.connection):
                raise
            log.debug("the browser left during %s", self.requestline, exc_info=True)


class LiveServer(ThreadedWSGIServer):
    def __init__(self, app):
        super().__init__("127.0.0.1", 0, _keeping_its_response(app), handler=_Handler)
        self._in_flight = 0
        self._idle = threading.Condition()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_port}"

    def process_request(self, request, client_address):
        # Counted before the request's thread starts, so a wait right after sees it.
        with self._idle:
            self._in_flight += 1
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._done()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._done()

    def _done(self):
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    def handle_error(self, request, client_address):
        """A connection the browser dropped is its own business; anything else is reported."""
        if isinstance(sys.exc_info()[1], DROPPED) or client_left(request):
            log.debug("the browser at %s left mid-response", client_address, exc_info=True)
            return
        super().handle_error(request, client_address)

    def wait_until_idle(self, timeout=60):
        """Wait until no request is being served; False if some still is after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)


def start(app):
    """A LiveServer serving `app` from a daemon thread; stop it with `server.shutdown()`."""
    server = LiveServer(app)
    threading.Thread(target=server.serve_forever, name="live-server", daemon=True).start()
    return server
