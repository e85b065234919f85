"""A real Redis server for the tests that share something through one."""

import shutil
import socket
import subprocess

import pytest


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway Redis server on a free loopback port, for the session."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is needed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    arguments = f"--port {port} --bind 127.0.0.1 --appendonly no --dir {folder}".split()
    with subprocess.Popen(  # noqa: S603  (a fixed binary with fixed arguments)
        [server, *arguments, "--save", ""], stdout=subprocess.PIPE, text=True
    ) as process:
        # Ready when it says so: no polling, no sleeping.
        for line in process.stdout:
            if "Ready to accept connections" in line:
                break
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
        process.terminate()
