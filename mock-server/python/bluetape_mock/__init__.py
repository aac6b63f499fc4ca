"""Start and stop ``bluetape-mock``, the local BlueTape integration API server, from Python.

    import bluetape_mock

    with bluetape_mock.running() as url:
        response = httpx.get(f"{url}/integration/customer/nobody/signup", headers=url.headers)
        assert response.status_code == 404

``running()`` starts the binary installed with this package on 127.0.0.1 and a free port, with
credentials of its own (``url.api_key``, ``url.account_id``, or both as ``url.headers``), and stops
it when the block ends. With pytest, the ``bluetape_mock`` fixture does the same for one test.

``running(state="sandbox.db")`` keeps its records in that SQLite file (or a ``postgres://`` URL),
where the next ``running(state=...)`` finds them.

``running(upstream=URL)`` starts it as a validating proxy instead: every request is forwarded to
``URL`` unchanged, and where a request or a reply breaks the OpenAPI document is reported
(``url.violations()``, and each journal entry)::

    with bluetape_mock.running() as mock, bluetape_mock.running(upstream=mock) as proxy:
        httpx.get(f"{proxy}/integration/customer/nobody/signup", headers=proxy.headers)
        assert proxy.violations()["total"] == 0

The ``bluetape_proxy`` fixture does the same for one test, in front of the server named by
``BLUETAPE_MOCK_UPSTREAM`` (credentials from ``BLUETAPE_API_KEY`` and ``BLUETAPE_ACCOUNT_ID``) or
else a fresh mock, and fails the test when anything broke the document.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
import urllib.request
from typing import Iterator, Optional, Sequence

__all__ = ["MockStartError", "MockUrl", "find_binary", "running"]

#: The request headers that carry the credentials, as the API names them.
API_KEY_HEADER = "X-BlueTape-Key"
ACCOUNT_ID_HEADER = "X-Integration-AccountId"

# What the binary prints once it listens (src/main.rs), followed by its URL.
_READY_PREFIX = "bluetape-mock listening on "
_BINARY = "bluetape-mock" + (".exe" if sys.platform == "win32" else "")


class MockStartError(RuntimeError):
    """The mock could not be started: the binary is missing, or it exited or stayed silent."""


class MockUrl(str):
    """The base URL of a running mock (a ``str``), with the credentials it accepts."""

    api_key: str
    account_id: str

    def __new__(cls, url: str, api_key: str, account_id: str) -> "MockUrl":
        value = super().__new__(cls, url)
        value.api_key = api_key
        value.account_id = account_id
        return value

    @property
    def headers(self) -> dict:
        """Both credential headers, to pass to any HTTP client."""
        return {API_KEY_HEADER: self.api_key, ACCOUNT_ID_HEADER: self.account_id}

    def journal(self) -> list:
        """The requests received, oldest first (``GET /__admin/journal``); through a proxy, each
        with its ``violations``."""
        return self._control("journal")["entries"]

    def violations(self) -> dict:
        """A proxy's counts of what broke the document (``GET /__admin/violations``):
        ``{"total", "exchanges", "byOperation": {operation: {rule: count}}}``."""
        return self._control("violations")

    def _control(self, path: str) -> dict:
        with urllib.request.urlopen(f"{self}/__admin/{path}", timeout=10) as reply:
            return json.load(reply)


def find_binary() -> str:
    """The path of the ``bluetape-mock`` binary installed with this package (else on ``PATH``)."""
    for scheme in (sysconfig.get_default_scheme(), _user_scheme()):
        if scheme is None:
            continue
        candidate = os.path.join(sysconfig.get_path("scripts", scheme), _BINARY)
        if os.path.isfile(candidate):
            return candidate
    found = shutil.which(_BINARY)
    if found is None:
        raise MockStartError(
            "bluetape-mock is not installed: `pip install bluetape-mock`, or "
            "`cargo install bluetape-mock`"
        )
    return found


def _user_scheme() -> Optional[str]:
    return {"nt": "nt_user", "posix": "posix_user"}.get(os.name)


@contextlib.contextmanager
def running(
    api_key: Optional[str] = None,
    account_id: Optional[str] = None,
    *,
    upstream: Optional[str] = None,
    state: Optional[str] = None,
    fail_on_violation: bool = False,
    upstream_timeout: Optional[float] = None,
    log: bool = False,
    cors_origins: Sequence[str] = (),
    allow_hosts: Sequence[str] = (),
    extra_args: Sequence[str] = (),
    start_timeout: float = 10.0,
    binary: Optional[str] = None,
) -> Iterator[MockUrl]:
    """Runs a mock on 127.0.0.1 and a free port for the duration of the block.

    The credentials default to random ones, so that no test can pass by accident with another
    server's keys.

    ``state`` keeps the records in a database that outlives the block instead of memory: the path
    of a SQLite file (created if missing), or a ``postgres://`` URL that several mocks share. A
    mock started again on the same ``state`` finds the same companies and customers.

    With ``upstream`` (a URL: https, or http to loopback) it runs as a validating proxy to that
    server instead: the upstream checks the credentials, which default to the upstream's own when
    it is a ``MockUrl``. ``fail_on_violation=True`` makes a reply that breaks the document a 502;
    ``upstream_timeout`` (seconds) bounds the wait for the upstream's reply (504 past it). ``log=True`` lets the mock log each request to stderr.

    ``cors_origins`` lets pages of those exact origins (``"http://localhost:3000"``, or ``"null"``)
    call the API from a browser (CORS; never the control API); ``allow_hosts`` adds names the mock
    answers to besides ``localhost``, ``127.0.0.1`` and ``[::1]`` (any other ``Host`` is refused
    with 421). The mock is stopped
    (Ctrl-C, then killed after 5 s) when the block ends, even on an exception.

    Raises ``MockStartError`` when it cannot start within ``start_timeout`` seconds.
    """
    if isinstance(upstream, MockUrl):
        api_key = api_key or upstream.api_key
        account_id = account_id or upstream.account_id
    api_key = api_key or f"mock-key-{secrets.token_hex(8)}"
    account_id = account_id or f"mock-account-{secrets.token_hex(8)}"
    # Credentials through the environment, never the command line (visible in `ps`).
    environment = dict(
        os.environ,
        BLUETAPE_MOCK_API_KEY=api_key,
        BLUETAPE_MOCK_ACCOUNT_ID=account_id,
    )
    command = [binary or find_binary()]
    if state is not None:
        if upstream is not None:
            raise ValueError("a proxy keeps no records: give state or upstream, not both")
        command += ["--state", os.fspath(state)]
    if upstream is not None:
        command += ["proxy", "--upstream", str(upstream)]
        if fail_on_violation:
            command.append("--fail-on-violation")
        if upstream_timeout is not None:
            command += ["--upstream-timeout", str(upstream_timeout)]
    command += ["--host", "127.0.0.1", "--port", "0"]
    if log:
        command.append("--log")
    for origin in cors_origins:
        command += ["--cors-origin", origin]
    for host in allow_hosts:
        command += ["--allow-host", host]
    command.extend(extra_args)
    process = subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=None if log else subprocess.PIPE,
        text=True,
    )
    try:
        url = _wait_until_ready(process, start_timeout)
        yield MockUrl(url, api_key, account_id)
    finally:
        _stop(process)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _wait_until_ready(process: subprocess.Popen, timeout: float) -> str:
    first_line: list = []
    reader = threading.Thread(
        target=lambda: first_line.append(process.stdout.readline()), daemon=True
    )
    reader.start()
    reader.join(timeout)
    line = first_line[0].strip() if first_line else ""
    if line.startswith(_READY_PREFIX):
        return line[len(_READY_PREFIX):]
    # Stopped first: reading the stderr of a running process would block.
    _stop(process)
    errors = process.stderr.read() if process.stderr else ""
    what = (
        f"exited with code {process.returncode}"
        if first_line
        else f"printed no URL within {timeout} s"
    )
    raise MockStartError(f"bluetape-mock {what}: {line or errors.strip() or 'no output'}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
