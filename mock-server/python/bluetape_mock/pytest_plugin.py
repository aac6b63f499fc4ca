"""The pytest fixtures ``bluetape_mock``, a fresh mock for each test, stopped after it, and
``bluetape_proxy``, a validating proxy that fails the test when anything broke the document.

Loaded by pytest on its own once ``bluetape-mock`` is installed (entry point ``pytest11``)::

    def test_signup_of_an_unknown_customer_is_404(bluetape_mock):
        response = httpx.get(
            f"{bluetape_mock}/integration/customer/nobody/signup", headers=bluetape_mock.headers
        )
        assert response.status_code == 404
"""

import os
from typing import Iterator

import pytest

import bluetape_mock as _mock


@pytest.fixture
def bluetape_mock() -> Iterator[_mock.MockUrl]:
    """The base URL of a mock with an empty store (a ``str`` with ``api_key``, ``account_id``
    and ``headers``)."""
    with _mock.running() as url:
        yield url


@pytest.fixture
def bluetape_proxy() -> Iterator[_mock.MockUrl]:
    """The base URL of a validating proxy (a ``str`` with ``api_key``, ``account_id``,
    ``headers`` and ``violations()``): in front of the server named by ``BLUETAPE_MOCK_UPSTREAM``,
    with the credentials of ``BLUETAPE_API_KEY`` and ``BLUETAPE_ACCOUNT_ID``, or else of a fresh
    mock. After the test, fails it if a request or a reply broke the document, naming each
    violation."""
    upstream = os.environ.get("BLUETAPE_MOCK_UPSTREAM")
    if upstream:
        with _mock.running(
            os.environ.get("BLUETAPE_API_KEY"),
            os.environ.get("BLUETAPE_ACCOUNT_ID"),
            upstream=upstream,
        ) as proxy:
            yield proxy
            _no_violations(proxy)
    else:
        with _mock.running() as mock, _mock.running(upstream=mock) as proxy:
            yield proxy
            _no_violations(proxy)


def _no_violations(proxy: _mock.MockUrl) -> None:
    if proxy.violations()["total"] == 0:
        return
    found = [
        f"{entry['method']} {entry['path']} -> {entry.get('status')}: "
        f"{violation['where']} {violation['rule']} at {violation['pointer']!r}: {violation['message']}"
        for entry in proxy.journal()
        for violation in entry.get("violations", [])
    ]
    pytest.fail("the exchanges broke the OpenAPI document:\n" + "\n".join(found), pytrace=False)
