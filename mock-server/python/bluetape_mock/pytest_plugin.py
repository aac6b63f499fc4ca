"""The pytest fixture ``bluetape_mock``: a fresh mock for each test, stopped after it.

Loaded by pytest on its own once ``bluetape-mock`` is installed (entry point ``pytest11``)::

    def test_signup_of_an_unknown_customer_is_404(bluetape_mock):
        response = httpx.get(
            f"{bluetape_mock}/integration/customer/nobody/signup", headers=bluetape_mock.headers
        )
        assert response.status_code == 404
"""

from typing import Iterator

import pytest

import bluetape_mock as _mock


@pytest.fixture
def bluetape_mock() -> Iterator[_mock.MockUrl]:
    """The base URL of a mock with an empty store (a ``str`` with ``api_key``, ``account_id``
    and ``headers``)."""
    with _mock.running() as url:
        yield url
