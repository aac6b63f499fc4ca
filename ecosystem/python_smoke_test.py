"""Smoke test of the Python client generated from openapi/bluetape.openapi.json.

Runs all five operations, one 404 and one 409 against a running bluetape-mock.
Run by `cargo xtask ecosystem`, with the generated package on PYTHONPATH and BLUETAPE_MOCK_URL set.
"""

import datetime
import os
import unittest
import uuid

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


def client() -> Client:
    return Client(
        base_url=os.environ["BLUETAPE_MOCK_URL"],
        headers={"X-BlueTape-Key": "mock-api-key", "X-Integration-AccountId": "mock-account-id"},
        raise_on_unexpected_status=True,
    )


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class GeneratedPythonClientAgainstTheMock(unittest.TestCase):
    def test_every_operation_and_the_documented_errors(self) -> None:
        api = client()
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
        self.assertEqual(created.status_code, 201)
        self.assertIsInstance(created.parsed, CompanyCreated)
        self.assertEqual([url.customer_id for url in created.parsed.sign_up_urls], [first_id])

        customer = Customer(
            id=second_id, first_name="Mary", last_name="Smith", email_address="mary.smith@example.com",
            cell_phone_number="+11678902345", source_modified_date=WHEN,
        )
        customer_created = create_customer.sync_detailed(client=api, body=customer)
        self.assertEqual(customer_created.status_code, 201)
        self.assertIsInstance(customer_created.parsed, CustomerCreated)

        update = CustomerUpdate(
            first_name="Mary", last_name="Smith-Jones", email_address="mary.jones@example.com",
            cell_phone_number="+11678902345", source_modified_date=WHEN,
        )
        updated = update_customer.sync_detailed(second_id, client=api, body=update)
        self.assertEqual(updated.status_code, 202)
        self.assertEqual(updated.parsed.blue_tape_id, customer_created.parsed.blue_tape_id)

        other_company = Company(
            id=unique("co"), business_name="Globex", business_address="1 Main St",
            source_modified_date=WHEN,
        )
        self.assertEqual(create_company.sync_detailed(client=api, body=other_company).status_code, 201)
        linked = link_company_customer.sync_detailed(
            other_company.id, client=api, body=CustomerLink(customer_id=second_id)
        )
        self.assertIn(linked.status_code, (200, 201))
        self.assertIsInstance(linked.parsed, BlueTapeIntegrationResult)

        signup = get_customer_signup.sync_detailed(second_id, client=api)
        self.assertEqual(signup.status_code, 200)
        self.assertIsInstance(signup.parsed, SignUpDetails)
        self.assertEqual(signup.parsed.sign_up_url, customer_created.parsed.sign_up_url)

        missing = get_customer_signup.sync_detailed(unique("nobody"), client=api)
        self.assertEqual(missing.status_code, 404)
        self.assertIsInstance(missing.parsed, ErrorResponse)
        self.assertEqual(missing.parsed.reason, "Customer not found.")

        duplicate = create_customer.sync_detailed(client=api, body=customer)
        self.assertEqual(duplicate.status_code, 409)
        self.assertIsInstance(duplicate.parsed, ErrorResponse)
        self.assertEqual(duplicate.parsed.reason, "Customer already exists.")


if __name__ == "__main__":
    unittest.main()
