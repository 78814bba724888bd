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

export type TeamStatus = 'active' | 'dissolved';
export type TeamSource = 'paved' | 'hr' | 'backstage';

export interface Team {
  id: string;
  slug: string;
  name: string;
  description: string;
  chat_channel: string;
  /** Stable identity from the HR source; null for teams made in Paved. */
  hr_id?: string | null;
  /** Parent team slug, null for a top-level team. */
  parent?: string | null;
  status?: TeamStatus;
  dissolved_at?: string | null;
  oncall?: string;
  source?: TeamSource;
  member_count: number;
  project_count: number;
  created_at: string;
  updated_at: string;
}

export interface TeamMember {
  login: string;
  role: Role;
  /** The team's lead (from the HR source). */
  lead?: boolean;
}

export interface TeamProjectRef {
  slug: string;
  name: string;
}

export interface TeamDetail extends Team {
  members: TeamMember[];
  projects: TeamProjectRef[];
}

export type Lifecycle = 'experimental' | 'production' | 'deprecated';
export const kLifecycles: Lifecycle[] = ['experimental', 'production', 'deprecated'];

export interface ProjectLink {
  url: string;
  title: string;
  icon: string;
}

/** Where a project runs; cluster "" means every cluster. */
export interface ProjectNamespace {
  cluster: string;
  namespace: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  description: string;
  owner_team: string;
  /** Additional owner team slugs. */
  owners?: string[];
  lifecycle?: Lifecycle;
  /** Backstage spec.type, default "service". */
  type?: string;
  system?: string;
  repo_url?: string;
  oncall?: string;
  tags?: string[];
  links?: ProjectLink[];
  namespaces?: ProjectNamespace[];
  /** The import location that created it, null when made in Paved. */
  location?: string | null;
  orphaned?: boolean;
  orphaned_reason?: string | null;
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
export type Query = Record<string, string | number | null | undefined>;

interface RequestOptions {
  query?: Query;
  /** Query keys sent even when their value is "" (e.g. cluster "" = none). */
  keepEmpty?: string[];
  body?: unknown;
  /** A body sent as it is (e.g. YAML) with its Content-Type, instead of `body` as JSON. */
  raw?: { text: string; contentType: string };
  /** When false, a 401 is returned to the caller without the global handler. */
  redirectOn401?: boolean;
}

function buildUrl(path: string, query?: Query, keepEmpty: string[] = []): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (value !== '' || keepEmpty.includes(key)) params.set(key, String(value));
  }
  const qs = params.toString();
  return kBase + path + (qs ? `?${qs}` : '');
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: { error?: ErrorBody } | undefined;
  try {
    body = (await response.json()) as { error?: ErrorBody };
    if (body && body.error && typeof body.error.message === 'string') {
      return new ApiError(response.status, body.error, body);
    }
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return new ApiError(
    response.status,
    {
      code: 'http_' + response.status,
      message: `${response.status} ${response.statusText || 'request failed'}`,
    },
    body,
  );
}

/** Sends the request; returns the 2xx response or throws its ApiError. */
async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  accept: string,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  let body: string | undefined;
  if (options.raw) {
    headers['Content-Type'] = options.raw.contentType;
    body = options.raw.text;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query, options.keepEmpty), {
      method,
      headers,
      credentials: 'same-origin',
      body,
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: `Network error: ${String(e)}` });
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && options.redirectOn401 !== false) unauthenticatedHandler?.();
    throw error;
  }
  return response;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A GET whose answer is text (e.g. YAML), returned as it is. */
async function requestText(path: string, query?: Query): Promise<string> {
  const response = await send('GET', path, { query }, 'application/yaml, text/plain, */*');
  return response.text();
}

/**
 * A GET of any path below /api/v1, for API modules kept beside their pages (e.g.
 * pages/alerts/alertsApi.ts). Empty query values are left out except the keys in `keepEmpty`.
 */
export function get<T>(path: string, query?: Query, keepEmpty?: string[]): Promise<T> {
  return request<T>('GET', path, { query, keepEmpty });
}

/** A POST of any path below /api/v1 with the session's CSRF token; `body` is sent as JSON. */
export function post<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, { body });
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

export function updateUser(
  login: string,
  body: { role?: Role; disabled?: boolean },
): Promise<User> {
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

/** The catalog fields settable on create and PATCH. */
export interface ProjectCatalogFields {
  lifecycle?: Lifecycle;
  type?: string;
  system?: string;
  repo_url?: string;
  oncall?: string;
  tags?: string[];
  links?: ProjectLink[];
  owners?: string[];
  namespaces?: ProjectNamespace[];
}

export interface NewProject extends ProjectCatalogFields {
  slug: string;
  name: string;
  description?: string;
  owner_team: string;
}

export interface ProjectChanges extends ProjectCatalogFields {
  name?: string;
  description?: string;
  owner_team?: string;
}

export type FacetCounts = Record<string, number>;

export interface ProjectFacets {
  owner: FacetCounts;
  lifecycle: FacetCounts;
  tag: FacetCounts;
  system: FacetCounts;
}

export interface ProjectFilters {
  q?: string;
  owner?: string;
  lifecycle?: string;
  tag?: string;
  system?: string;
}

export interface ProjectPage extends Page<Project> {
  /** Present when asked for with facets=true. */
  facets?: ProjectFacets;
}

export function createProject(body: NewProject): Promise<Project> {
  return request<Project>('POST', '/projects', { body });
}

export function listProjects(
  params?: PageParams & ProjectFilters & { facets?: boolean },
): Promise<ProjectPage> {
  return request<ProjectPage>('GET', '/projects', {
    query: {
      q: params?.q,
      owner: params?.owner,
      lifecycle: params?.lifecycle,
      tag: params?.tag,
      system: params?.system,
      facets: params?.facets ? 'true' : undefined,
      ...pageQuery(params),
    },
  });
}

export function getProject(slug: string): Promise<Project> {
  return request<Project>('GET', `/projects/${seg(slug)}`);
}

export function updateProject(slug: string, body: ProjectChanges): Promise<Project> {
  return request<Project>('PATCH', `/projects/${seg(slug)}`, { body });
}

export function deleteProject(slug: string): Promise<void> {
  return request<void>('DELETE', `/projects/${seg(slug)}`);
}

export interface OwnershipChange {
  from_team: string | null;
  to_team: string;
  actor: string;
  reason: string;
  time: string;
}

export interface Relation {
  /** Backstage relation type: dependsOn, dependencyOf, providesApi, consumesApi, partOf, ... */
  type: string;
  /** Entity reference, e.g. "component:default/payments". */
  target: string;
  target_kind: string;
  target_name: string;
}

/** Hands the project to another team (POST /projects/{slug}/transfer). */
export async function transferProject(
  slug: string,
  body: { to_team: string; reason: string },
): Promise<void> {
  await request<unknown>('POST', `/projects/${seg(slug)}/transfer`, { body });
}

export function ownershipHistory(slug: string): Promise<{ items: OwnershipChange[] }> {
  return request<{ items: OwnershipChange[] }>('GET', `/projects/${seg(slug)}/ownership-history`);
}

export function projectRelations(slug: string): Promise<{ items: Relation[] }> {
  return request<{ items: Relation[] }>('GET', `/projects/${seg(slug)}/relations`);
}

/** One project's catalog-info.yaml (its Component and related documents). */
export function projectCatalogInfo(slug: string): Promise<string> {
  return requestText(`/projects/${seg(slug)}/catalog-info.yaml`);
}

// ---------------------------------------------------------------------------
// Catalog: HR sync, orphans, owner lookup, scorecards, import/export, resources.

export interface Job {
  id: string;
  state?: string;
  [key: string]: unknown;
}

export interface SyncRun {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  error: string | null;
  summary: unknown;
}

export function runHrSync(): Promise<{ job: Job }> {
  return request<{ job: Job }>('POST', '/catalog/sync');
}

export function listHrSyncs(): Promise<{ items: SyncRun[] }> {
  return request<{ items: SyncRun[] }>('GET', '/catalog/sync');
}

export interface Orphan {
  kind: 'project' | 'resource';
  id: string;
  name: string;
  reason: string;
  since: string;
  last_owner: string | null;
}

/** Projects and resources nobody owns, oldest first. */
export function listOrphans(): Promise<{ items: Orphan[] }> {
  return request<{ items: Orphan[] }>('GET', '/catalog/orphans');
}

export interface OwnerAnswer {
  team: { slug: string; name: string; chat_channel: string; oncall: string; status: TeamStatus };
  lead: { login: string; email: string } | null;
  project: string | null;
  oncall: string;
}

/** Who owns a namespace, a project or a cloud resource; 404 when nothing matches. */
export function findOwner(
  by: { namespace: string; cluster?: string } | { project: string } | { resource: string },
): Promise<OwnerAnswer> {
  return request<OwnerAnswer>('GET', '/catalog/owner', { query: by as Query });
}

export interface ScorecardCheck {
  id: string;
  title: string;
}

export interface ProjectScore {
  slug: string;
  owner_team: string;
  score: number;
  checks: Record<string, boolean>;
}

export interface Scorecards {
  checks: ScorecardCheck[];
  projects: ProjectScore[];
  teams: { slug: string; score: number }[];
}

export function scorecards(params?: { team?: string }): Promise<Scorecards> {
  return request<Scorecards>('GET', '/catalog/scorecards', { query: { team: params?.team } });
}

export interface ImportError {
  document: number;
  line: number;
  field: string;
  message: string;
}

export interface ImportResult {
  location: string | null;
  created: string[];
  updated: string[];
  unchanged: string[];
  orphaned: string[];
  errors: ImportError[];
}

/** What to import: YAML text, or a URL / git+https URL / server-local path. */
/**
 * Pasted YAML with the location it is imported as (entities a later import of the same
 * location no longer lists become orphans), or a URL (its own location).
 */
export type ImportSource = { yaml: string; location: string } | { url: string };

/**
 * Imports Backstage catalog-info.yaml documents. With dryRun the server only
 * reports what would change. An answer with errors changed nothing.
 */
export async function importCatalog(source: ImportSource, dryRun: boolean): Promise<ImportResult> {
  const options: RequestOptions = { query: { dry_run: dryRun ? 'true' : undefined } };
  if ('yaml' in source) {
    options.raw = { text: source.yaml, contentType: 'application/yaml' };
    options.query = { ...options.query, location: source.location || undefined };
  } else {
    options.body = { url: source.url };
  }
  try {
    return await request<ImportResult>('POST', '/catalog/import', options);
  } catch (e) {
    // A rejected import may still answer with the result shape, listing its errors.
    const body = e instanceof ApiError ? (e.body as Partial<ImportResult> | undefined) : undefined;
    if (body && Array.isArray(body.errors) && body.errors.length > 0) {
      const empty = { location: null, created: [], updated: [], unchanged: [], orphaned: [] };
      return { ...empty, ...body } as ImportResult;
    }
    throw e;
  }
}

/** Every entity as multi-document YAML. */
export function exportCatalog(): Promise<string> {
  return requestText('/catalog/export');
}

export interface CatalogEntity {
  kind: string;
  name: string;
  [key: string]: unknown;
}

export function listEntities(params?: { kind?: string }): Promise<{ items: CatalogEntity[] }> {
  return request<{ items: CatalogEntity[] }>('GET', '/catalog/entities', {
    query: { kind: params?.kind },
  });
}

export interface CloudResource {
  id: string;
  provider: string;
  account: string;
  region: string;
  type: string;
  name: string;
  tags: Record<string, string>;
  owner_team: string | null;
  project: string | null;
  first_seen: string;
  last_seen: string;
}

export function listResources(params?: {
  owner?: string;
  project?: string;
  orphaned?: boolean;
}): Promise<{ items: CloudResource[] }> {
  return request<{ items: CloudResource[] }>('GET', '/catalog/resources', {
    query: {
      owner: params?.owner,
      project: params?.project,
      orphaned: params?.orphaned ? 'true' : undefined,
    },
  });
}

export function scanResources(): Promise<{ job: Job }> {
  return request<{ job: Job }>('POST', '/catalog/resources/scan');
}

/** Sets a resource's owner team and project (written back as owner tags). */
export function updateResource(
  id: string,
  body: { owner_team?: string; project?: string },
): Promise<CloudResource> {
  return request<CloudResource>('PATCH', `/catalog/resources/${seg(id)}`, { body });
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

// ---------------------------------------------------------------------------
// Deploy: app spec, manifests, policy, config and secrets, platform (docs/deploy.md).

export interface SpecError {
  line: number;
  column: number;
  field: string;
  message: string;
}

export interface SpecVersion {
  project: string;
  version: number;
  /** Absent in the versions list. */
  yaml?: string;
  spec?: Record<string, unknown>;
  author: string;
  message: string;
  created_at: string;
}

export interface SpecValidation {
  valid: boolean;
  errors: SpecError[];
  spec?: Record<string, unknown>;
}

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

export interface SpecDiff {
  from: number;
  to: number;
  diff: string;
  lines: DiffLine[];
}

/** The SpecErrors of a 422 invalid_spec answer (empty for any other error). */
export function specErrorsOf(e: unknown): SpecError[] {
  if (!(e instanceof ApiError) || e.code !== 'invalid_spec') return [];
  const body = e.body as { error?: { errors?: SpecError[] } & Partial<SpecError> } | undefined;
  const err = body?.error;
  if (err?.errors && err.errors.length > 0) return err.errors;
  if (err && typeof err.line === 'number') {
    return [
      { line: err.line, column: err.column ?? 0, field: err.field ?? '', message: e.message },
    ];
  }
  return [];
}

/** Stores a new spec version (201), or answers the latest when the text is identical (200). */
export function putSpec(slug: string, yaml: string, message?: string): Promise<SpecVersion> {
  return request<SpecVersion>('PUT', `/projects/${seg(slug)}/spec`, {
    query: { message },
    raw: { text: yaml, contentType: 'application/yaml' },
  });
}

export function getSpec(slug: string, version?: number): Promise<SpecVersion> {
  return request<SpecVersion>('GET', `/projects/${seg(slug)}/spec`, { query: { version } });
}

export function listSpecVersions(slug: string, params?: PageParams): Promise<Page<SpecVersion>> {
  return request<Page<SpecVersion>>('GET', `/projects/${seg(slug)}/spec/versions`, {
    query: pageQuery(params),
  });
}

export function specDiff(slug: string, from?: number, to?: number): Promise<SpecDiff> {
  return request<SpecDiff>('GET', `/projects/${seg(slug)}/spec/diff`, { query: { from, to } });
}

/** Validates a spec without storing it. */
export function validateSpec(yaml: string): Promise<SpecValidation> {
  return request<SpecValidation>('POST', '/spec/validate', {
    raw: { text: yaml, contentType: 'application/yaml' },
  });
}

export interface Manifests {
  project: string;
  environment: string;
  cluster: string;
  namespace: string;
  spec_version: number;
  digests: Record<string, string>;
  config_versions: Record<string, number>;
  secret_versions: Record<string, number>;
  objects: Record<string, unknown>[];
  yaml: string;
  hash: string;
}

export interface ManifestParams {
  env?: string;
  cluster?: string;
  version?: number;
  digest?: string;
}

export function getManifests(slug: string, params: ManifestParams = {}): Promise<Manifests> {
  return request<Manifests>('GET', `/projects/${seg(slug)}/manifests`, {
    query: { ...params },
  });
}

export type Severity = 'error' | 'warning' | string;

export interface PolicyException {
  id: string;
  project: string;
  rule: string;
  reason: string;
  approved_by: string;
  expires_at: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  active: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  object: string;
  path: string;
  message: string;
  how_to_fix: string;
  excepted: boolean;
  exception?: PolicyException | string;
}

export interface ProjectPolicy {
  environment: string;
  cluster: string;
  findings: Finding[];
  blocking: boolean;
  exceptions: PolicyException[];
}

export interface PolicyRule {
  id: string;
  severity: Severity;
  description: string;
  kinds: string[];
}

export function projectPolicy(
  slug: string,
  params: { env?: string; cluster?: string } = {},
): Promise<ProjectPolicy> {
  return request<ProjectPolicy>('GET', `/projects/${seg(slug)}/policy`, { query: { ...params } });
}

export function checkPolicy(
  yaml: string,
  environment?: string,
): Promise<{ findings: Finding[]; blocking: boolean }> {
  return request<{ findings: Finding[]; blocking: boolean }>('POST', '/policy/check', {
    query: { environment },
    raw: { text: yaml, contentType: 'application/yaml' },
  });
}

export function listPolicyRules(): Promise<{ items: PolicyRule[] }> {
  return request<{ items: PolicyRule[] }>('GET', '/policy/rules');
}

export function listPolicyExceptions(slug: string): Promise<{ items: PolicyException[] }> {
  return request<{ items: PolicyException[] }>('GET', `/projects/${seg(slug)}/policy/exceptions`);
}

/** Records an exception; `duration` like "30d" (at most 90 days). sre/admin only. */
export function createPolicyException(
  slug: string,
  body: { rule: string; reason: string; duration?: string; expires_at?: string },
): Promise<PolicyException> {
  return request<PolicyException>('POST', `/projects/${seg(slug)}/policy/exceptions`, { body });
}

export function revokePolicyException(slug: string, id: string): Promise<PolicyException> {
  return request<PolicyException>('DELETE', `/projects/${seg(slug)}/policy/exceptions/${seg(id)}`);
}

/** Keys added, removed and changed by a config version against the one before it. */
export interface KeyChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface ConfigVersion {
  project?: string;
  environment?: string;
  set?: string;
  version: number;
  /** Absent in history entries. */
  data?: Record<string, string>;
  files?: Record<string, string>;
  changes?: KeyChanges;
  author: string;
  message: string;
  created_at: string;
}

export interface ConfigSetInfo {
  set: string;
  version: number;
  author: string;
  updated_at: string;
}

export interface ConfigKeyDiff {
  key: string;
  change: 'added' | 'removed' | 'changed' | string;
  from?: string | null;
  to?: string | null;
}

export interface ConfigDiff {
  from: number;
  to: number;
  keys: ConfigKeyDiff[];
}

export function listConfigSets(slug: string, env: string): Promise<{ items: ConfigSetInfo[] }> {
  return request<{ items: ConfigSetInfo[] }>('GET', `/projects/${seg(slug)}/config/${seg(env)}`);
}

export function getConfig(
  slug: string,
  env: string,
  set: string,
  version?: number,
): Promise<ConfigVersion> {
  return request<ConfigVersion>('GET', `/projects/${seg(slug)}/config/${seg(env)}/${seg(set)}`, {
    query: { version },
  });
}

export function putConfig(
  slug: string,
  env: string,
  set: string,
  body: {
    data: Record<string, string>;
    files: Record<string, string>;
    message?: string;
    /** The version the edit started from (0: a new set); 409 when someone wrote it since. */
    expected_version?: number;
  },
): Promise<ConfigVersion> {
  return request<ConfigVersion>('PUT', `/projects/${seg(slug)}/config/${seg(env)}/${seg(set)}`, {
    body,
  });
}

export function configHistory(
  slug: string,
  env: string,
  set: string,
): Promise<{ items: ConfigVersion[] }> {
  return request<{ items: ConfigVersion[] }>(
    'GET',
    `/projects/${seg(slug)}/config/${seg(env)}/${seg(set)}/history`,
  );
}

export async function configDiff(
  slug: string,
  env: string,
  set: string,
  from?: number,
  to?: number,
): Promise<ConfigDiff> {
  const answer = await request<ConfigDiff & { changes?: ConfigKeyDiff[] }>(
    'GET',
    `/projects/${seg(slug)}/config/${seg(env)}/${seg(set)}/diff`,
    { query: { from, to } },
  );
  return { from: answer.from, to: answer.to, keys: answer.keys ?? answer.changes ?? [] };
}

export interface SecretInfo {
  name: string;
  version: number;
  author: string;
  updated_at?: string;
  created_at?: string;
}

export interface SecretVersionInfo {
  version: number;
  author: string;
  message: string;
  created_at: string;
  key_id: string;
}

export function listSecrets(slug: string, env: string): Promise<{ items: SecretInfo[] }> {
  return request<{ items: SecretInfo[] }>('GET', `/projects/${seg(slug)}/secrets/${seg(env)}`);
}

/** Sets a secret's value (write-only: the answer never carries it). */
export function putSecret(
  slug: string,
  env: string,
  name: string,
  body: { value: string; message?: string },
): Promise<SecretInfo> {
  return request<SecretInfo>('PUT', `/projects/${seg(slug)}/secrets/${seg(env)}/${seg(name)}`, {
    body,
  });
}

export function secretHistory(
  slug: string,
  env: string,
  name: string,
): Promise<{ items: SecretVersionInfo[] }> {
  return request<{ items: SecretVersionInfo[] }>(
    'GET',
    `/projects/${seg(slug)}/secrets/${seg(env)}/${seg(name)}/history`,
  );
}

export interface Environment {
  name: string;
  position: number;
  production: boolean;
}

export type ClusterRuntime = 'local' | 'kubernetes' | 'gitops';
export const kClusterRuntimes: ClusterRuntime[] = ['local', 'kubernetes', 'gitops'];

export interface Cluster {
  name: string;
  region: string;
  environment: string;
  runtime: ClusterRuntime;
  endpoint: string;
  /** The credentials reference; only admins are shown it. */
  credentials?: string;
  mesh: '' | 'istio';
  zones: string[];
  /** Slugs of the teams whose projects may target it; empty = every team. */
  teams: string[];
}

/** A PUT changes only the fields given; endpoint and credentials are admin-only to change. */
export type ClusterFields = Omit<Cluster, 'name' | 'endpoint'> & { endpoint?: string };

/** Environments in promotion order. */
export function listEnvironments(): Promise<{ items: Environment[] }> {
  return request<{ items: Environment[] }>('GET', '/environments');
}

export function putEnvironment(
  name: string,
  body: { position: number; production: boolean },
): Promise<Environment> {
  return request<Environment>('PUT', `/environments/${seg(name)}`, { body });
}

export function deleteEnvironment(name: string): Promise<void> {
  return request<void>('DELETE', `/environments/${seg(name)}`);
}

export function listClusters(): Promise<{ items: Cluster[] }> {
  return request<{ items: Cluster[] }>('GET', '/clusters');
}

export function putCluster(name: string, body: ClusterFields): Promise<Cluster> {
  return request<Cluster>('PUT', `/clusters/${seg(name)}`, { body });
}

export function deleteCluster(name: string): Promise<void> {
  return request<void>('DELETE', `/clusters/${seg(name)}`);
}

export function projectTargets(slug: string): Promise<{ items: Cluster[] }> {
  return request<{ items: Cluster[] }>('GET', `/projects/${seg(slug)}/targets`);
}

export function putProjectTargets(slug: string, clusters: string[]): Promise<{ items: Cluster[] }> {
  return request<{ items: Cluster[] }>('PUT', `/projects/${seg(slug)}/targets`, {
    body: { clusters },
  });
}

/** The effective platform standards (shape of render/standards.h). */
export function platformStandards(): Promise<Record<string, unknown>> {
  return request<Record<string, unknown>>('GET', '/platform/standards');
}

// ---------------------------------------------------------------------------
// Deployments: artifacts, deployments, approvals, workloads, overview, metrics
// (docs/deployments.md).

export type DeploymentState =
  | 'pending_approval'
  | 'waiting'
  | 'queued'
  | 'rolling_out'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'rejected'
  | 'rolled_back';

export const kDeploymentStates: DeploymentState[] = [
  'pending_approval',
  'waiting',
  'queued',
  'rolling_out',
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
  'rolled_back',
];

/** True when a deployment will not change state any more. */
export function isFinalState(state: string): boolean {
  return ['succeeded', 'failed', 'cancelled', 'rejected', 'rolled_back'].includes(state);
}

export interface Artifact {
  project: string;
  digest: string;
  image: string;
  git_sha: string;
  commit_time: string | null;
  built_by: string;
  pushed_by: string;
  created_at: string;
  /** Latest deployment state per environment (list answers only). */
  environments?: Record<string, string>;
}

export interface DeploymentStep {
  name: string;
  done_at: string | null;
  detail: string;
}

export interface Deployment {
  id: string;
  request_id: string;
  project: string;
  environment: string;
  cluster: string;
  region: string;
  artifact: { digest: string; image: string; git_sha: string };
  spec_version: number;
  config_versions: Record<string, number>;
  secret_versions: Record<string, number>;
  namespace: string;
  manifest_hash: string;
  state: DeploymentState;
  wave: number;
  requester: string;
  approver: string | null;
  reason: string;
  rollback_of: string | null;
  emergency: boolean;
  auto_rollback: boolean;
  error: string | null;
  created_at: string;
  approved_at: string | null;
  queued_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  manifests?: string;
  steps?: DeploymentStep[];
}

export interface NewDeployment {
  artifact: string;
  environment: string;
  clusters: string[] | 'all';
  reason: string;
  waves?: string[][];
  auto_rollback?: boolean;
}

export interface DeploymentFilters {
  environment?: string;
  cluster?: string;
  state?: string;
}

export interface DeploymentDiff {
  from: string | null;
  to: string;
  manifests: string;
  config: { set: string; from: number | null; to: number | null }[];
  secrets: { name: string; from: number | null; to: number | null }[];
  spec: { from: number | null; to: number | null };
  digest: { from: string | null; to: string | null };
}

export interface WorkloadInstance {
  name: string;
  state: string;
  restarts: number;
  url: string;
  deployment_id: string;
  started_at_ms: number;
}

export interface Workload {
  component: string;
  kind: string;
  desired: number;
  ready: number;
  instances: WorkloadInstance[];
}

export interface ClusterWorkloads {
  cluster: string;
  environment: string;
  region: string;
  namespace: string;
  deployment?: { id: string; digest: string; state: string } | null;
  workloads: Workload[];
  error?: string; // the runtime could not be asked
  notice?: string; // something about this cluster's runtime a developer must know
}

export interface OverviewEntry {
  project: string;
  cluster: string;
  environment: string;
  region: string;
  digest: string;
  state: string;
  finished_at: string | null;
}

export interface DeployMetrics {
  key: string;
  deployments: number;
  succeeded: number;
  failed: number;
  rolled_back: number;
  duration_p50_ms: number | null;
  duration_p90_ms: number | null;
  failure_rate: number;
  dora: {
    deployment_frequency_per_day: number;
    lead_time_p50_ms: number | null;
    change_failure_rate: number;
    recovery_time_p50_ms: number | null;
  };
}

export interface TimelineEntry {
  at: string;
  kind: string;
  actor: string;
  summary: string;
  deployment_id?: string;
}

export function listArtifacts(slug: string, params?: PageParams): Promise<Page<Artifact>> {
  return request<Page<Artifact>>('GET', `/projects/${seg(slug)}/artifacts`, {
    query: pageQuery(params),
  });
}

export function createDeployments(
  slug: string,
  body: NewDeployment,
): Promise<{ request_id: string; deployments: Deployment[] }> {
  return request('POST', `/projects/${seg(slug)}/deployments`, { body });
}

export function listDeployments(
  slug: string,
  params?: PageParams & DeploymentFilters,
): Promise<Page<Deployment>> {
  return request<Page<Deployment>>('GET', `/projects/${seg(slug)}/deployments`, {
    query: {
      environment: params?.environment,
      cluster: params?.cluster,
      state: params?.state,
      ...pageQuery(params),
    },
  });
}

export function getDeployment(slug: string, id: string): Promise<Deployment> {
  return request<Deployment>('GET', `/projects/${seg(slug)}/deployments/${seg(id)}`);
}

export function approveDeployment(
  slug: string,
  id: string,
  comment?: string,
): Promise<{ deployments: Deployment[] }> {
  return request('POST', `/projects/${seg(slug)}/deployments/${seg(id)}/approve`, {
    body: comment ? { comment } : {},
  });
}

export function rejectDeployment(
  slug: string,
  id: string,
  comment?: string,
): Promise<{ deployments: Deployment[] }> {
  return request('POST', `/projects/${seg(slug)}/deployments/${seg(id)}/reject`, {
    body: comment ? { comment } : {},
  });
}

export function cancelDeployment(slug: string, id: string): Promise<Deployment> {
  return request<Deployment>('POST', `/projects/${seg(slug)}/deployments/${seg(id)}/cancel`);
}

export function rollbackDeployment(
  slug: string,
  id: string,
  body: { reason: string; emergency?: boolean },
): Promise<{ deployments: Deployment[] }> {
  return request('POST', `/projects/${seg(slug)}/deployments/${seg(id)}/rollback`, { body });
}

export function deploymentDiff(
  slug: string,
  id: string,
  against?: string,
): Promise<DeploymentDiff> {
  return request<DeploymentDiff>('GET', `/projects/${seg(slug)}/deployments/${seg(id)}/diff`, {
    query: { against },
  });
}

export function listApprovals(): Promise<{ items: Deployment[] }> {
  return request<{ items: Deployment[] }>('GET', '/approvals');
}

export function projectTimeline(
  slug: string,
  params?: { since?: string; environment?: string },
): Promise<{ items: TimelineEntry[] }> {
  return request('GET', `/projects/${seg(slug)}/timeline`, {
    query: { since: params?.since, environment: params?.environment },
  });
}

export function projectWorkloads(
  slug: string,
  cluster?: string,
): Promise<{ items: ClusterWorkloads[] }> {
  return request('GET', `/projects/${seg(slug)}/workloads`, { query: { cluster } });
}

/** The last `tail` lines an instance printed (local runtime). */
export function instanceLogs(
  slug: string,
  cluster: string,
  instance: string,
  tail = 200,
): Promise<string> {
  return requestText(`/projects/${seg(slug)}/workloads/${seg(cluster)}/${seg(instance)}/logs`, {
    tail,
  });
}

export function deploymentsOverview(team?: string): Promise<{ items: OverviewEntry[] }> {
  return request('GET', '/deployments/overview', { query: { team } });
}

export function deploymentMetrics(params: {
  group_by: 'project' | 'team' | 'platform';
  from?: string;
  to?: string;
  environment?: string;
}): Promise<{ items: DeployMetrics[] }> {
  return request('GET', '/metrics/deployments', { query: params });
}
