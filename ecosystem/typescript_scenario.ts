// The end-to-end scenario of the TypeScript client (openapi-fetch over the types openapi-typescript
// generates with the README's command), through the README's snippet, bluetape_client.ts. Run by
// `cargo xtask ecosystem` (compiled by tsc, run by node) against a fresh bluetape-mock
// (BLUETAPE_BASE_URL) and a server that redirects every request to another origin
// (BLUETAPE_REDIRECT_URL); xtask then checks what the servers received.
import { amount, bluetapeClient } from "./bluetape_client.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

function check(name: string, ok: boolean, ...detail: unknown[]): void {
  if (!ok) {
    console.error(`FAILED ${name}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${name}`);
}

const unique = (prefix: string): string => `${prefix}-${crypto.randomUUID().slice(0, 12)}`;

const api = bluetapeClient(env("BLUETAPE_BASE_URL"), env("BLUETAPE_API_KEY"), env("BLUETAPE_ACCOUNT_ID"));
// A date-time with its offset, as the schema's RFC 3339 says.
const when = "2023-01-04T09:47:57.477+02:00";
const companyId = unique("co");
const customerId = unique("cu");

const company = {
  id: companyId,
  businessName: "Acme Inc.",
  businessAddress: "1 Main St",
  sourceModifiedDate: when,
  creditDetails: {
    creditAmount: amount("1234567.89"),
    outstandingAmount: amount("9876543210123.45"),
    overdueBalance: amount("1234567890123456789012345.67"),
  },
};
const created = await api.POST("/integration/company", { body: company });
check("createCompany answers 201", created.response.status === 201, created.error);
check("createCompany gives a blueTapeId", Boolean(created.data?.blueTapeId));

const customer = {
  id: customerId, firstName: "John", lastName: "Doe", emailAddress: "john@example.com",
  cellPhoneNumber: "+11234567890", sourceModifiedDate: when,
};
const customerCreated = await api.POST("/integration/customer", { body: customer });
check("createCustomer answers 201", customerCreated.response.status === 201, customerCreated.error);
const signUpUrl = customerCreated.data?.signUpUrl ?? "";
check("createCustomer gives a sign-up URL", signUpUrl.startsWith("http"), signUpUrl);

const updated = await api.PUT("/integration/customer/{id}", {
  params: { path: { id: customerId } },
  body: {
    firstName: "Jane", lastName: "Doe", emailAddress: "jane@example.com",
    cellPhoneNumber: "+11234567890", sourceModifiedDate: when,
  },
});
check("updateCustomer answers 202", updated.response.status === 202, updated.error);

const linked = await api.POST("/integration/company/{id}/customer", {
  params: { path: { id: companyId } },
  body: { customerId },
});
check("linkCompanyCustomer answers 200 or 201", [200, 201].includes(linked.response.status), linked.error);

const signup = await api.GET("/integration/customer/{id}/signup", { params: { path: { id: customerId } } });
check("getCustomerSignup answers 200", signup.response.status === 200, signup.error);
check("the sign-up URL is the one created", signup.data?.signUpUrl === signUpUrl);

// Documented errors come back as `error`, typed ErrorResponse.
const missing = await api.GET("/integration/customer/{id}/signup", { params: { path: { id: unique("nobody") } } });
check("a 404 surfaces as the typed error with the API's code and reason",
  missing.response.status === 404 && missing.error?.code === "404" && missing.error.reason === "Customer not found.",
  missing.error);
const duplicate = await api.POST("/integration/company", { body: company });
check("a 409 surfaces as the typed error with the API's code and reason",
  duplicate.response.status === 409 && duplicate.error?.code === "409" && duplicate.error.reason === "Company already exists.",
  duplicate.error);

// Each call to the trap is redirected to another origin (301, 302, 303, 307, 308 in turn): the
// client must not follow, so the credentials never leave the configured server.
const trap = bluetapeClient(env("BLUETAPE_REDIRECT_URL"), env("BLUETAPE_API_KEY"), env("BLUETAPE_ACCOUNT_ID"));
const followed: string[] = [];
for (const status of [301, 302, 303, 307, 308]) {
  const reply = await trap.GET("/integration/customer/{id}/signup", { params: { path: { id: "redirected" } } });
  if (reply.response.status !== status) followed.push(`${status}: ${reply.response.status}`);
}
check("301, 302, 303, 307 and 308 are returned, not followed", followed.length === 0, followed);
