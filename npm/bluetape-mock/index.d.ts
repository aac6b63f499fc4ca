// The types of startMock(), the helper of the bluetape-mock package (index.js).

/** The request header that carries the API key. */
export declare const API_KEY_HEADER: "X-BlueTape-Key";
/** The request header that carries the integration account id. */
export declare const ACCOUNT_ID_HEADER: "X-Integration-AccountId";

/** The mock could not start: no binary for this platform, it exited, or it printed no URL. */
export declare class MockStartError extends Error {}

export interface StartMockOptions {
  /** The API key the mock accepts; random unless given, so that no test passes with another server's. */
  apiKey?: string;
  /** The integration account id the mock accepts; random unless given. */
  accountId?: string;
  /** A seed file (`{"companies": [...], "customers": [...]}`) loaded before it serves. */
  seed?: string;
  /** Run as a validating proxy to this server instead (https, or http to loopback). */
  upstream?: string;
  /** Let the mock log each request to stderr (never the credentials). */
  log?: boolean;
  /** More arguments for the binary, e.g. `["--cors-origin", "http://localhost:3000"]`. */
  args?: string[];
  /** How long to wait for it to listen; 10 000 ms by default. */
  startTimeoutMs?: number;
  /** Another bluetape-mock binary than this platform's package's. */
  binary?: string;
}

/** One request the mock received (`GET /__admin/journal`). */
export interface JournalEntry {
  sequence: number;
  method: string;
  path: string;
  /** The operationId, when the request matched one. */
  operation?: string;
  /** The status answered, once answered. */
  status?: number;
  /** The request headers, credentials redacted. */
  headers: Record<string, string>;
  [field: string]: unknown;
}

export interface RunningMock {
  /** Its base URL, e.g. `http://127.0.0.1:40123`: the API's paths go after it. */
  readonly url: string;
  readonly apiKey: string;
  readonly accountId: string;
  /** Both credential headers, for any HTTP client. */
  readonly headers: Readonly<Record<"X-BlueTape-Key" | "X-Integration-AccountId", string>>;
  /** The requests received, oldest first. */
  journal(): Promise<JournalEntry[]>;
  /** A proxy's counts of what broke the document (`GET /__admin/violations`). */
  violations(): Promise<{ total: number; exchanges: number; byOperation: Record<string, Record<string, number>> }>;
  /** Stops it (Ctrl-C, then killed after 5 s); waits until it has exited. */
  stop(): Promise<void>;
}

/** Starts a bluetape-mock on 127.0.0.1 and a free port; resolves once it listens. */
export declare function startMock(options?: StartMockOptions): Promise<RunningMock>;
