"""A server on a loopback port for the length of a fixture."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import BaseServer


@contextmanager
def serving(server: BaseServer) -> Iterator[str]:
    """Serve ``server`` (werkzeug's or http.server's) on a thread; yields its address.

    On exit the server stops taking requests, its thread ends and its socket is closed,
    even when the test failed.
    """
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
