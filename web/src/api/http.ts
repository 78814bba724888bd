// The web UI's one transport: a client generated from the server's contract (docs/openapi.json,
// turned into schema.d.ts by `npm run gen:api`) through openapi-fetch. Paths, methods, path and
// query parameters and request bodies are checked by tsc against what the server declares; so
// are answers, for every route that declares a response schema.
//
// The browser is authenticated by the HttpOnly `paved_session` cookie; the CSRF token handed out
// by POST /auth/login (or GET /me) is kept in memory and sent as X-CSRF-Token on every mutating
// request. An error answer `{"error":{"code","message","field"}}` becomes an ApiError; a 401
// invokes the handler registered with onUnauthenticated() unless the call opts out.

import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The answer and body types the server declares, by name. */
export type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/**
 * The JSON answer a route declares for success (200 or 201), e.g.
 * `Answer<'/api/v1/teams/{slug}', 'get'>`; never when it declares none.
 */
export type Answer<
  P extends keyof paths,
  M extends 'get' | 'put' | 'post' | 'patch' | 'delete',
> = paths[P][M] extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201>]> : never;

/** The JSON request body a route declares, e.g. `Body<'/api/v1/teams', 'post'>`. */
export type Body<
  P extends keyof paths,
  M extends 'get' | 'put' | 'post' | 'patch' | 'delete',
> = paths[P][M] extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** An error answer from the API (or a network failure, code "network"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  /** The whole parsed answer, when it was JSON. */
  readonly body?: unknown;

  constructor(status: number, error: ErrorBody, body?: unknown) {
    super(error.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code;
    this.field = error.field;
    this.body = body;
  }
}

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

/** Remembers the CSRF token sent with every mutating request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers what to do when the API answers 401 (normally: show login). */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** The generated client; every path is written in full, e.g. '/api/v1/teams/{slug}'. */
export const http = createClient<paths>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
});
http.use(csrf);

/** What openapi-fetch resolves to: the parsed answer, or the parsed error body. */
interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface CallOptions {
  /** When false, a 401 is thrown to the caller without the global handler. */
  redirectOn401?: boolean;
}

function isErrorBody(body: unknown): body is { error: ErrorBody } {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string';
}

function errorFrom(response: Response, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(response.status, body.error, body);
  const message = `${response.status} ${response.statusText || 'request failed'}`;
  return new ApiError(response.status, { code: 'http_' + response.status, message }, body);
}

/**
 * Waits for a call of `http` and returns the answer's data (undefined for 204). On an error
 * answer throws its ApiError (after the 401 handler unless opted out); on a network failure
 * throws ApiError with status 0 and code "network".
 */
export async function call<T>(pending: Promise<Outcome<T>>, options: CallOptions = {}): Promise<T> {
  let answer: Outcome<T>;
  try {
    answer = await pending;
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: `Network error: ${String(e)}` });
  }
  const { response } = answer;
  if (!response.ok) {
    if (response.status === 401 && options.redirectOn401 !== false) unauthenticatedHandler?.();
    throw errorFrom(response, answer.error);
  }
  return answer.data as T;
}

type QueryValue = string | number | boolean | null | undefined;

/**
 * Query parameters as the server reads them: numbers and booleans as text; null, undefined and
 * "" left out, except "" for the keys in `keepEmpty` (e.g. cluster "" = none).
 */
export function query<Q extends Record<string, QueryValue>>(
  values: Q,
  keepEmpty: (keyof Q)[] = [],
): { [K in keyof Q]?: string } {
  const out: { [K in keyof Q]?: string } = {};
  for (const key of Object.keys(values) as (keyof Q)[]) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (value !== '' || keepEmpty.includes(key)) out[key] = String(value);
  }
  return out;
}

/** Request options sending `text` as it is with Content-Type application/yaml. */
export function yamlBody(text: string) {
  return {
    body: text as never,
    bodySerializer: (body: unknown) => body as string,
    headers: { 'Content-Type': 'application/yaml' },
  };
}

/** Request options for an answer read as text (e.g. YAML or logs). */
export const kAsText: { parseAs: 'text'; headers: Record<string, string> } = {
  parseAs: 'text',
  headers: { Accept: 'application/yaml, text/plain, */*' },
};
