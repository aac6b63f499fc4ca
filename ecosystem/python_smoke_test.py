"""Smoke test of the Python client generated from openapi/bluetape.openapi.json, against the
bluetape-mock installed from its wheel, through the wheel's pytest fixture `bluetape_mock`.

Runs all five operations, one 404 and one 409, against the mock and again through the wheel's
validating proxy (fixture `bluetape_proxy`) in front of one, which must find no violation; and
shows the proxy reporting a request that breaks the document. Run by `cargo xtask ecosystem` with pytest, in a
fresh venv holding only the wheel and the pins of ecosystem/python-test-requirements.txt, from a
folder outside the workspace that holds this file and the generated package.
"""

import datetime
import os
import sys
import uuid

import bluetape_mock as installed_mock
import httpx
import pytest

from bluetape_client import Client
from bluetape_client.api.company import create_company, link_company_customer
from bluetape_client.api.customer import create_customer, get_customer_signup, update_customer
from bluetape_client.models import (
    BlueTapeIntegrationResult,
    Company,
    CompanyCreated,
    CompanyCustomer,
    Customer,
    CustomerCreated,
    CustomerLink,
    CustomerUpdate,
    ErrorResponse,
    SignUpDetails,
)

WHEN = datetime.datetime(2023, 1, 4, 9, 47, 57, 477000, tzinfo=datetime.timezone.utc)


def client(mock: installed_mock.MockUrl) -> Client:
    return Client(base_url=mock, headers=mock.headers, raise_on_unexpected_status=True)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def test_the_mock_is_the_installed_binary() -> None:
    binary = installed_mock.find_binary()
    assert os.path.realpath(binary).startswith(os.path.realpath(sys.prefix)), binary


def test_a_mock_that_cannot_start_raises_mock_start_error() -> None:
    try:
        with installed_mock.running(binary="/bin/false"):
            raise AssertionError("the block must not run")
    except installed_mock.MockStartError as error:
        assert "exited with code 1" in str(error), error


@pytest.fixture(params=["bluetape_mock", "bluetape_proxy"])
def server(request: pytest.FixtureRequest) -> installed_mock.MockUrl:
    """The mock, then the proxy in front of one (which fails the test on any violation)."""
    return request.getfixturevalue(request.param)


def test_every_operation_and_the_documented_errors(server: installed_mock.MockUrl) -> None:
    api = client(server)
    company_id, first_id, second_id = unique("co"), unique("cu"), unique("cu")

    attached = CompanyCustomer(
        id=first_id, first_name="John", last_name="Doe", email_address="john.doe@example.com",
        cell_phone_number="+11234567890", source_modified_date=WHEN,
    )
    company = Company(
        id=company_id, business_name="Acme Inc.", business_address="1400 24th Ave, San Francisco",
        source_modified_date=WHEN, customers=[attached],
    )
    created = create_company.sync_detailed(client=api, body=company)
    assert created.status_code == 201
    assert isinstance(created.parsed, CompanyCreated)
    assert [url.customer_id for url in created.parsed.sign_up_urls] == [first_id]

    customer = Customer(
        id=second_id, first_name="Mary", last_name="Smith", email_address="mary.smith@example.com",
        cell_phone_number="+11678902345", source_modified_date=WHEN,
    )
    customer_created = create_customer.sync_detailed(client=api, body=customer)
    assert customer_created.status_code == 201
    assert isinstance(customer_created.parsed, CustomerCreated)

    update = CustomerUpdate(
        first_name="Mary", last_name="Smith-Jones", email_address="mary.jones@example.com",
        cell_phone_number="+11678902345", source_modified_date=WHEN,
    )
    updated = update_customer.sync_detailed(second_id, client=api, body=update)
    assert updated.status_code == 202
    assert updated.parsed.blue_tape_id == customer_created.parsed.blue_tape_id

    other_company = Company(
        id=unique("co"), business_name="Globex", business_address="1 Main St",
        source_modified_date=WHEN,
    )
    assert create_company.sync_detailed(client=api, body=other_company).status_code == 201
    linked = link_company_customer.sync_detailed(
        other_company.id, client=api, body=CustomerLink(customer_id=second_id)
    )
    assert linked.status_code in (200, 201)
    assert isinstance(linked.parsed, BlueTapeIntegrationResult)

    signup = get_customer_signup.sync_detailed(second_id, client=api)
    assert signup.status_code == 200
    assert isinstance(signup.parsed, SignUpDetails)
    assert signup.parsed.sign_up_url == customer_created.parsed.sign_up_url

    missing = get_customer_signup.sync_detailed(unique("nobody"), client=api)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, ErrorResponse)
    assert missing.parsed.reason == "Customer not found."

    duplicate = create_customer.sync_detailed(client=api, body=customer)
    assert duplicate.status_code == 409
    assert isinstance(duplicate.parsed, ErrorResponse)
    assert duplicate.parsed.reason == "Customer already exists."


def test_the_proxy_reports_a_request_that_breaks_the_document() -> None:
    with installed_mock.running() as mock, installed_mock.running(upstream=mock) as proxy:
        company = {
            "id": unique("co"), "businessName": "Acme", "businessAddress": "1 Main St",
            "sourceModifiedDate": "2023-01-04T09:47:57Z",
            "creditDetails": {"creditAmount": "1234567.89"},
        }
        reply = httpx.post(f"{proxy}/integration/company", json=company, headers=proxy.headers)
        assert reply.status_code == 400, reply.text  # the mock's own answer, passed on
        assert proxy.violations()["byOperation"] == {"createCompany": {"request-body": 1}}
        (violation,) = proxy.journal()[-1]["violations"]
        assert violation["where"] == "request"
        assert violation["pointer"] == "/creditDetails/creditAmount"


def test_the_readmes_proxy_snippet_runs_as_written() -> None:
    """mock-server/README.md's "Check the real API" snippet, word for word."""
    import bluetape_mock

    with bluetape_mock.running() as mock, bluetape_mock.running(upstream=mock) as proxy:
        httpx.get(f"{proxy}/integration/customer/nobody/signup", headers=proxy.headers)
        assert proxy.violations()["total"] == 0


def test_a_state_file_outlives_the_mock(tmp_path) -> None:
    """running(state=...): the records are where the next mock on that file finds them."""
    state = str(tmp_path / "sandbox.db")
    customer = {
        "id": "kept-customer",
        "firstName": "Ann",
        "lastName": "Lee",
        "emailAddress": "ann@example.com",
        "cellPhoneNumber": "+11234567890",
        "sourceModifiedDate": "2023-01-04T09:47:57.477Z",
    }
    with installed_mock.running(state=state) as mock:
        created = httpx.post(f"{mock}/integration/customer", json=customer, headers=mock.headers)
        assert created.status_code == 201, created.text
    with installed_mock.running(state=state) as mock:
        kept = httpx.get(f"{mock}/integration/customer/kept-customer/signup", headers=mock.headers)
        assert kept.status_code == 200, kept.text
        assert kept.json()["signUpUrl"] == created.json()["signUpUrl"]
    with pytest.raises(ValueError):
        with installed_mock.running(state=state, upstream="https://api.bluetape.com"):
            pass


def test_cors_origins_grants_that_origin_only_and_a_foreign_host_is_refused() -> None:
    preflight = {"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"}
    with installed_mock.running() as closed:
        reply = httpx.options(f"{closed}/integration/customer", headers=preflight)
        assert reply.status_code == 403, reply.text
        assert "access-control-allow-origin" not in reply.headers
    with installed_mock.running(cors_origins=["http://localhost:3000"]) as mock:
        reply = httpx.options(f"{mock}/integration/customer", headers=preflight)
        assert reply.status_code == 204, reply.text
        assert reply.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = httpx.options(f"{mock}/integration/customer", headers={**preflight, "Origin": "https://evil.example"})
        assert other.status_code == 403
        rebinding = httpx.get(f"{mock}/__admin/journal", headers={"Host": "attacker.example"})
        assert rebinding.status_code == 421, rebinding.text
