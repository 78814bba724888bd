// Typed client for the Paved HTTP API (/api/v1), following docs/api.md.
//
// Every request from the UI goes through this module. The browser is
// authenticated by the HttpOnly `paved_session` cookie; the CSRF token handed
// out by POST /auth/login (or GET /me) is kept in memory and sent as
// X-CSRF-Token on every mutating request. A 401 on any call other than login
// invokes the handler registered with onUnauthenticated().

const kBase = '/api/v1';

export type Role = 'admin' | 'sre' | 'developer' | 'viewer';

export interface User {
  login: string;
  role: Role;
  disabled: boolean;
  teams: string[];
  created_at: string;
}

export interface Me extends User {
  csrf_token?: string;
}

export interface LoginAnswer {
  user: User;
  csrf_token: string;
}

export interface Token {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface NewToken {
  id: string;
  name: string;
  token: string;
  created_at: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  description: string;
  chat_channel: string;
  member_count: number;
  project_count: number;
  created_at: string;
  updated_at: string;
}

export interface TeamMember {
  login: string;
  role: Role;
}

export interface TeamProjectRef {
  slug: string;
  name: string;
}

export interface TeamDetail extends Team {
  members: TeamMember[];
  projects: TeamProjectRef[];
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  description: string;
  owner_team: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface Event {
  seq: number;
  time: string;
  actor: string;
  action: string;
  subject: string;
  summary: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PageParams {
  limit?: number;
  cursor?: string | null;
}

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

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.field = body.field;
  }
}

// ---------------------------------------------------------------------------
// Session state and transport.

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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | null | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** When false, a 401 is returned to the caller without the global handler. */
  redirectOn401?: boolean;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return kBase + path + (qs ? `?${qs}` : '');
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: ErrorBody };
    if (body && body.error && typeof body.error.message === 'string') {
      return new ApiError(response.status, body.error);
    }
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return new ApiError(response.status, {
    code: 'http_' + response.status,
    message: `${response.status} ${response.statusText || 'request failed'}`,
  });
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: `Network error: ${String(e)}` });
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && options.redirectOn401 !== false) unauthenticatedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function pageQuery(params: PageParams | undefined): Query {
  return { limit: params?.limit, cursor: params?.cursor };
}

// ---------------------------------------------------------------------------
// Auth and users.

/** Logs in with a password. A 401 here means bad credentials: no redirect. */
export async function login(loginName: string, password: string): Promise<LoginAnswer> {
  const answer = await request<LoginAnswer>('POST', '/auth/login', {
    body: { login: loginName, password },
    redirectOn401: false,
  });
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout', { redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}

/** The caller; refreshes the CSRF token when the session is a cookie. */
export async function me(options: { redirectOn401?: boolean } = {}): Promise<Me> {
  const answer = await request<Me>('GET', '/me', { redirectOn401: options.redirectOn401 });
  if (answer.csrf_token) setCsrfToken(answer.csrf_token);
  return answer;
}

export function createUser(body: { login: string; password: string; role: Role }): Promise<User> {
  return request<User>('POST', '/users', { body });
}

export function listUsers(params?: PageParams): Promise<Page<User>> {
  return request<Page<User>>('GET', '/users', { query: pageQuery(params) });
}

export function updateUser(login: string, body: { role?: Role; disabled?: boolean }): Promise<User> {
  return request<User>('PATCH', `/users/${seg(login)}`, { body });
}

export function createToken(name: string): Promise<NewToken> {
  return request<NewToken>('POST', '/tokens', { body: { name } });
}

export function listTokens(params?: PageParams): Promise<Page<Token>> {
  return request<Page<Token>>('GET', '/tokens', { query: pageQuery(params) });
}

export function revokeToken(id: string): Promise<void> {
  return request<void>('DELETE', `/tokens/${seg(id)}`);
}

// ---------------------------------------------------------------------------
// Teams.

export interface NewTeam {
  slug: string;
  name: string;
  description?: string;
  chat_channel?: string;
}

export function createTeam(body: NewTeam): Promise<Team> {
  return request<Team>('POST', '/teams', { body });
}

export function listTeams(params?: PageParams & { q?: string }): Promise<Page<Team>> {
  return request<Page<Team>>('GET', '/teams', { query: { q: params?.q, ...pageQuery(params) } });
}

export function getTeam(slug: string): Promise<TeamDetail> {
  return request<TeamDetail>('GET', `/teams/${seg(slug)}`);
}

export function updateTeam(
  slug: string,
  body: { name?: string; description?: string; chat_channel?: string },
): Promise<Team> {
  return request<Team>('PATCH', `/teams/${seg(slug)}`, { body });
}

export function deleteTeam(slug: string): Promise<void> {
  return request<void>('DELETE', `/teams/${seg(slug)}`);
}

export function addTeamMember(slug: string, login: string): Promise<TeamMember> {
  return request<TeamMember>('POST', `/teams/${seg(slug)}/members`, { body: { login } });
}

export function removeTeamMember(slug: string, login: string): Promise<void> {
  return request<void>('DELETE', `/teams/${seg(slug)}/members/${seg(login)}`);
}

// ---------------------------------------------------------------------------
// Projects.

export interface NewProject {
  slug: string;
  name: string;
  description?: string;
  owner_team: string;
}

export function createProject(body: NewProject): Promise<Project> {
  return request<Project>('POST', '/projects', { body });
}

export function listProjects(
  params?: PageParams & { q?: string; owner?: string },
): Promise<Page<Project>> {
  return request<Page<Project>>('GET', '/projects', {
    query: { q: params?.q, owner: params?.owner, ...pageQuery(params) },
  });
}

export function getProject(slug: string): Promise<Project> {
  return request<Project>('GET', `/projects/${seg(slug)}`);
}

export function updateProject(
  slug: string,
  body: { name?: string; description?: string; owner_team?: string },
): Promise<Project> {
  return request<Project>('PATCH', `/projects/${seg(slug)}`, { body });
}

export function deleteProject(slug: string): Promise<void> {
  return request<void>('DELETE', `/projects/${seg(slug)}`);
}

// ---------------------------------------------------------------------------
// Audit and events.

export function listAudit(
  params?: PageParams & { subject?: string; actor?: string },
): Promise<Page<Event>> {
  return request<Page<Event>>('GET', '/audit', {
    query: { subject: params?.subject, actor: params?.actor, ...pageQuery(params) },
  });
}

export interface EventStreamHandlers {
  onEvent: (event: Event) => void;
  onOpen?: () => void;
  onError?: () => void;
}

/**
 * Subscribes to new audit events (server-sent events, `event: audit`). The
 * browser reconnects on its own, resuming with Last-Event-ID. Returns a
 * function that closes the stream.
 */
export function subscribeEvents(handlers: EventStreamHandlers): () => void {
  const source = new EventSource(buildUrl('/events/stream'));
  source.addEventListener('audit', (message) => {
    try {
      handlers.onEvent(JSON.parse((message as MessageEvent<string>).data) as Event);
    } catch {
      // A malformed event is dropped; the list can still be reloaded.
    }
  });
  source.addEventListener('open', () => handlers.onOpen?.());
  source.addEventListener('error', () => handlers.onError?.());
  return () => source.close();
}
