import createClient from "openapi-fetch";
import { LosslessNumber, stringify } from "lossless-json";
import type { paths } from "./bluetape.js";

/** A client of the BlueTape API on the types openapi-typescript generates (bluetape.d.ts). */
export function bluetapeClient(baseUrl: string, apiKey: string, accountId: string) {
  return createClient<paths>({
    baseUrl,
    headers: { "X-BlueTape-Key": apiKey, "X-Integration-AccountId": accountId },
    // Follow no redirect: the credentials go to baseUrl and nowhere else (fetch would follow a
    // redirect to another origin with both headers). A 3xx is returned as the response.
    redirect: "manual",
    // Opt-in for amounts beyond 15 significant digits: give them as amount("…"), which this
    // serializer writes digit for digit (JSON.stringify would write a binary float).
    bodySerializer: (body) => stringify(body) ?? "",
  });
}

/** An exact amount, for a field typed `number`: written by the client's bodySerializer as given. */
export function amount(digits: string): number {
  return new LosslessNumber(digits) as unknown as number;
}
