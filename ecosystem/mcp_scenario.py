"""bluetape-mcp through the official MCP Python SDK (`mcp`), as an assistant's client uses it. Run
by `cargo xtask ecosystem` in a fresh venv holding only the wheel and the SDK, against a fresh
bluetape-mock (BLUETAPE_BASE_URL, with the credentials in BLUETAPE_API_KEY and BLUETAPE_ACCOUNT_ID):

- over stdio in both protocol eras (`legacy`: 2025-11-25; `auto`: the current one), the five tools
  in onboarding order, a 27-digit amount, an unknown id, an amount sent as a number, an unknown tool;
- over streamable HTTP (`bluetape-mcp --mock --http 127.0.0.1:0`).

The last line is a JSON summary; xtask then reads the mock's journal for the amount's digits.
"""

import asyncio
import json
import os
import re
import subprocess
import sys
import uuid

from mcp import Client, MCPError, StdioServerParameters

AMOUNT = "1234567890123456789012345.67"
DATE = "2024-03-09T00:10:20.300+02:00"


def check(name: str, ok: bool, *detail: object) -> None:
    if not ok:
        print(f"FAILED {name}: {detail}", file=sys.stderr)
        sys.exit(1)
    print("ok", name)


def server() -> StdioServerParameters:
    """The server as an assistant's configuration starts it: the command, and the credentials in
    its environment (and nowhere else)."""
    env = {
        name: os.environ[name]
        for name in ("BLUETAPE_API_KEY", "BLUETAPE_ACCOUNT_ID", "BLUETAPE_BASE_URL", "PATH")
    }
    return StdioServerParameters(command="bluetape-mcp", args=[], env=env)


def error_of(result) -> dict:
    check("an error carries no structured content", result.structured_content is None, result)
    return json.loads(result.content[0].text)


async def onboarding(mode: str) -> dict:
    suffix = uuid.uuid4().hex[:10]
    company_id, customer_id = f"mcp-{mode}-co-{suffix}", f"mcp-{mode}-cu-{suffix}"
    async with Client(server(), mode=mode) as client:
        era = client.protocol_version
        tools = await client.list_tools()
        names = [tool.name for tool in tools.tools]
        check(f"{mode}: five tools", len(names) == 5, names)
        check(f"{mode}: instructions name the server", os.environ["BLUETAPE_BASE_URL"] in (client.instructions or ""), client.instructions)

        person = {
            "firstName": "Ada",
            "lastName": "Lovelace",
            "emailAddress": "ada@example.com",
            "cellPhoneNumber": "+11234567890",
            "sourceModifiedDate": DATE,
        }
        company = await client.call_tool(
            "create_company",
            {
                "id": company_id,
                "businessName": "Acme Inc.",
                "businessAddress": "1400 24th Ave, San Francisco, CA 94122, USA",
                "sourceModifiedDate": DATE,
                "creditDetails": {"creditAmount": AMOUNT, "creditStatus": "active"},
            },
        )
        check(f"{mode}: create_company", not company.is_error and "blueTapeId" in company.structured_content, company)
        customer = await client.call_tool("create_customer", {"id": customer_id, **person})
        check(f"{mode}: create_customer", not customer.is_error and customer.structured_content.get("signUpUrl"), customer)
        link = await client.call_tool("link_company_customer", {"id": company_id, "customerId": customer_id})
        check(f"{mode}: link_company_customer", not link.is_error, link)
        update = await client.call_tool("update_customer", {"id": customer_id, **person, "firstName": "Augusta"})
        check(f"{mode}: update_customer", not update.is_error, update)
        signup = await client.call_tool("get_customer_signup", {"id": customer_id})
        check(f"{mode}: get_customer_signup", not signup.is_error and signup.structured_content["signUpUrl"].startswith("http"), signup)

        unknown = await client.call_tool("get_customer_signup", {"id": f"none-{suffix}"})
        check(f"{mode}: an unknown id is an isError result", unknown.is_error, unknown)
        error = error_of(unknown)
        check(f"{mode}: the API's error", error.get("status") == 404 and error.get("code") == "404" and error.get("requestId"), error)

        numeric = await client.call_tool(
            "create_company",
            {"id": f"{company_id}-n", "businessName": "A", "businessAddress": "B", "sourceModifiedDate": DATE,
             "creditDetails": {"creditAmount": 888.33}},
        )
        check(f"{mode}: an amount as a number is refused", numeric.is_error, numeric)
        refusal = error_of(numeric)
        check(f"{mode}: the refusal names the field", refusal.get("field") == "creditDetails.creditAmount", refusal)

        try:
            await client.call_tool("delete_everything", {})
            check(f"{mode}: an unknown tool is a protocol error", False, "no error")
        except MCPError as error:
            check(f"{mode}: an unknown tool is a protocol error", "unknown tool" in str(error), error)
    return {"era": era, "company": company_id}


async def over_http() -> str:
    process = subprocess.Popen(
        ["bluetape-mcp", "--mock", "--http", "127.0.0.1:0"],
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": os.environ["PATH"]},
    )
    try:
        url = None
        for line in process.stderr:
            found = re.search(r"listening on (http://\S+)", line)
            if found:
                url = found.group(1)
                break
        check("http: the server announces its URL", url is not None)
        async with Client(url) as client:
            tools = await client.list_tools()
            check("http: five tools", len(tools.tools) == 5)
            signup = await client.call_tool("get_customer_signup", {"id": "nobody"})
            check("http: an unknown id is an isError result", signup.is_error and error_of(signup)["status"] == 404, signup)
        return url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def main() -> None:
    eras = {}
    companies = []
    for mode in ("legacy", "auto"):
        outcome = await onboarding(mode)
        eras[mode] = outcome["era"]
        companies.append(outcome["company"])
    check("two protocol eras", eras["legacy"] == "2025-11-25" and eras["auto"] != eras["legacy"], eras)
    url = await over_http()
    print(json.dumps({"eras": eras, "companies": companies, "amount": AMOUNT, "http": url}))


asyncio.run(main())
