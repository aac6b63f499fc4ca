// Compiles against the types openapi-typescript generates from openapi/bluetape.openapi.json
// (`cargo xtask ecosystem` writes them to target/ecosystem/typescript/bluetape.d.ts and runs
// `tsc --noEmit` on this file). A wrong field name or type here is a compile error.
import type { components, operations, paths } from "./bluetape.js";

type Company = components["schemas"]["Company"];
type CompanyCreated = components["schemas"]["CompanyCreated"];
type ErrorResponse = components["schemas"]["ErrorResponse"];

export const company: Company = {
  id: "a0b9cedc32ce",
  businessName: "Acme Inc.",
  businessAddress: "1400 24th Ave, San Francisco, CA 94122, USA",
  sourceModifiedDate: "2023-01-04T09:47:57.477Z",
  creditDetails: { creditAmount: 10000, invoicesMonthlyAverageAmount: 888.33 },
  customers: [
    {
      id: "dc506b22c7fa",
      firstName: "John",
      lastName: "Doe",
      emailAddress: "john.doe@example.com",
      cellPhoneNumber: "+11234567890",
      sourceModifiedDate: "2023-01-04T09:00:00.000Z",
    },
  ],
};

export function signUpUrls(created: CompanyCreated): string[] {
  return (created.signUpUrls ?? []).map((entry) => entry.signUpUrl);
}

export function describe(error: ErrorResponse): string {
  return `${error.code}: ${error.reason}`;
}

// Every operation is present, with the statuses the spec documents.
type LinkReply = operations["linkCompanyCustomer"]["responses"][200 | 201]["content"]["application/json"];
export const linked: LinkReply = { blueTapeId: "fb5637b2e5f3" };
type SignupPath = paths["/integration/customer/{id}/signup"]["get"]["parameters"]["path"];
export const signupPath: SignupPath = { id: "dc506b22c7fa" };
export type Operations = keyof operations;
export const allOperations: Operations[] = [
  "createCompany", "createCustomer", "updateCustomer", "linkCompanyCustomer", "getCustomerSignup",
];
type UpdateConflict = operations["updateCustomer"]["responses"][404]["content"]["application/json"];
export const notFound: UpdateConflict = { code: "404", reason: "Customer not found." };
