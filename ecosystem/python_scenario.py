"""The end-to-end scenario of the Python client generated from openapi/bluetape.openapi.json with
the README's command, used as the README shows. Run by `cargo xtask ecosystem` against a fresh
bluetape-mock (BLUETAPE_BASE_URL) and a server that redirects every request to another origin
(BLUETAPE_REDIRECT_URL); xtask then checks what the servers received.
"""

import datetime
import os
import sys
import uuid
from decimal import Decimal

from bluetape_client import Client
from bluetape_client.api.company import create_company, link_company_customer
from bluetape_client.api.customer import create_customer, get_customer_signup, update_customer
from bluetape_client.errors import UnexpectedStatus
from bluetape_client.models import (
    Company,
    CreditDetails,
    Customer,
    CustomerLink,
    CustomerUpdate,
    ErrorResponse,
)


def client(base_url: str) -> Client:
    """The README's snippet: both credentials on every call, and no redirect followed (httpx's
    default, stated here so that nobody turns it on)."""
    return Client(
        base_url=base_url,
        headers={
            "X-BlueTape-Key": os.environ["BLUETAPE_API_KEY"],
            "X-Integration-AccountId": os.environ["BLUETAPE_ACCOUNT_ID"],
        },
        follow_redirects=False,
        raise_on_unexpected_status=True,
    )


def check(name: str, ok: bool, *detail: object) -> None:
    if not ok:
        print(f"FAILED {name}: {detail}", file=sys.stderr)
        sys.exit(1)
    print("ok", name)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def main() -> None:
    api = client(os.environ["BLUETAPE_BASE_URL"])
    # A date-time with its offset, as the schema's RFC 3339 says.
    when = datetime.datetime(2023, 1, 4, 9, 47, 57, 477000, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    company_id, customer_id = unique("co"), unique("cu")

    # Amounts as decimal.Decimal: the README's template writes them digit for digit.
    company = Company(
        id=company_id,
        business_name="Acme Inc.",
        business_address="1 Main St",
        source_modified_date=when,
        credit_details=CreditDetails(
            credit_amount=Decimal("1234567.89"),
            outstanding_amount=Decimal("9876543210123.45"),
            overdue_balance=Decimal("1234567890123456789012345.67"),
        ),
    )
    created = create_company.sync_detailed(client=api, body=company)
    check("createCompany answers 201", created.status_code == 201, created.content)
    check("createCompany gives a blueTapeId", bool(created.parsed.blue_tape_id))

    customer = Customer(
        id=customer_id, first_name="John", last_name="Doe", email_address="john@example.com",
        cell_phone_number="+11234567890", source_modified_date=when,
    )
    customer_created = create_customer.sync_detailed(client=api, body=customer)
    check("createCustomer answers 201", customer_created.status_code == 201, customer_created.content)
    check("createCustomer gives a sign-up URL", customer_created.parsed.sign_up_url.startswith("http"))

    update = CustomerUpdate(
        first_name="Jane", last_name="Doe", email_address="jane@example.com",
        cell_phone_number="+11234567890", source_modified_date=when,
    )
    updated = update_customer.sync_detailed(customer_id, client=api, body=update)
    check("updateCustomer answers 202", updated.status_code == 202, updated.content)

    linked = link_company_customer.sync_detailed(company_id, client=api, body=CustomerLink(customer_id=customer_id))
    check("linkCompanyCustomer answers 200 or 201", linked.status_code in (200, 201), linked.content)

    signup = get_customer_signup.sync_detailed(customer_id, client=api)
    check("getCustomerSignup answers 200", signup.status_code == 200, signup.content)
    check("the sign-up URL is the one created", signup.parsed.sign_up_url == customer_created.parsed.sign_up_url)

    # Documented errors are parsed into ErrorResponse, the client's error model.
    missing = get_customer_signup.sync_detailed(unique("nobody"), client=api)
    check(
        "a 404 surfaces as ErrorResponse with the API's code and reason",
        missing.status_code == 404 and isinstance(missing.parsed, ErrorResponse)
        and (missing.parsed.code, missing.parsed.reason) == ("404", "Customer not found."),
        missing.content,
    )
    duplicate = create_company.sync_detailed(client=api, body=company)
    check(
        "a 409 surfaces as ErrorResponse with the API's code and reason",
        duplicate.status_code == 409 and isinstance(duplicate.parsed, ErrorResponse)
        and (duplicate.parsed.code, duplicate.parsed.reason) == ("409", "Company already exists."),
        duplicate.content,
    )

    # Each call to the trap is redirected to another origin (301, 302, 303, 307, 308 in turn):
    # the client must not follow, so the credentials never leave the configured server. An
    # undocumented 3xx raises the client's UnexpectedStatus.
    trap = client(os.environ["BLUETAPE_REDIRECT_URL"])
    followed = []
    for status in (301, 302, 303, 307, 308):
        try:
            reply = get_customer_signup.sync_detailed("redirected", client=trap)
            followed.append((status, reply.status_code))
        except UnexpectedStatus as error:
            if error.status_code != status:
                followed.append((status, error.status_code))
    check("301, 302, 303, 307 and 308 are returned, not followed", not followed, followed)


if __name__ == "__main__":
    main()
