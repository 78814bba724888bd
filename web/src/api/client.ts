// The calls of the Paved HTTP API (/api/v1) whose answers the server does not declare yet,
// with hand-written answer types (docs/api.md, docs/catalog.md, docs/deploy.md,
// docs/deployments.md). Every call goes through the generated client in ./http.ts, so its path,
// parameters and request body are checked against docs/openapi.json; only the answer type is
// still written here, and each moves to ./http.ts's Schemas when its route declares it.

import { ApiError, call, http, kAsText, query, setCsrfToken, untyped, yamlBody } from './http';

export { ApiError, onUnauthenticated, setCsrfToken } from './http';
export type { ErrorBody } from './http';

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

function pageQuery(params: PageParams | undefined) {
  return { limit: params?.limit, cursor: params?.cursor };
}

// ---------------------------------------------------------------------------
// Auth and users.

/** Logs in with a password. A 401 here means bad credentials: no redirect. */
export async function login(loginName: string, password: string): Promise<LoginAnswer> {
  const answer = await untyped<LoginAnswer>(
    http.POST('/api/v1/auth/login', { body: { login: loginName, password } }),
    { redirectOn401: false },
  );
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function logout(): Promise<void> {
  try {
    await untyped<void>(http.POST('/api/v1/auth/logout'), { redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}

/** The caller; refreshes the CSRF token when the session is a cookie. */
export async function me(options: { redirectOn401?: boolean } = {}): Promise<Me> {
  const answer = await untyped<Me>(http.GET('/api/v1/me'), {
    redirectOn401: options.redirectOn401,
  });
  if (answer.csrf_token) setCsrfToken(answer.csrf_token);
  return answer;
}

export function createUser(body: { login: string; password: string; role: Role }): Promise<User> {
  return untyped<User>(http.POST('/api/v1/users', { body }));
}

export function listUsers(params?: PageParams): Promise<Page<User>> {
  return untyped<Page<User>>(
    http.GET('/api/v1/users', { params: { query: query(pageQuery(params)) } }),
  );
}

export function updateUser(
  login: string,
  body: { role?: Role; disabled?: boolean },
): Promise<User> {
  return untyped<User>(http.PATCH('/api/v1/users/{login}', { params: { path: { login } }, body }));
}

export function createToken(name: string): Promise<NewToken> {
  return untyped<NewToken>(http.POST('/api/v1/tokens', { body: { name } }));
}

/** The caller's tokens, all on one page. */
export function listTokens(): Promise<Page<Token>> {
  return untyped<Page<Token>>(http.GET('/api/v1/tokens'));
}

export function revokeToken(id: string): Promise<void> {
  return untyped<void>(http.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }));
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
  return untyped<Team>(http.POST('/api/v1/teams', { body }));
}

export function listTeams(params?: PageParams & { q?: string }): Promise<Page<Team>> {
  return untyped<Page<Team>>(
    http.GET('/api/v1/teams', { params: { query: query({ q: params?.q, ...pageQuery(params) }) } }),
  );
}

export function getTeam(slug: string): Promise<TeamDetail> {
  return untyped<TeamDetail>(http.GET('/api/v1/teams/{slug}', { params: { path: { slug } } }));
}

export function updateTeam(
  slug: string,
  body: { name?: string; description?: string; chat_channel?: string },
): Promise<Team> {
  return untyped<Team>(http.PATCH('/api/v1/teams/{slug}', { params: { path: { slug } }, body }));
}

export function deleteTeam(slug: string): Promise<void> {
  return untyped<void>(http.DELETE('/api/v1/teams/{slug}', { params: { path: { slug } } }));
}

export function addTeamMember(slug: string, login: string): Promise<TeamMember> {
  return untyped<TeamMember>(
    http.POST('/api/v1/teams/{slug}/members', { params: { path: { slug } }, body: { login } }),
  );
}

export function removeTeamMember(slug: string, login: string): Promise<void> {
  return untyped<void>(
    http.DELETE('/api/v1/teams/{slug}/members/{login}', { params: { path: { slug, login } } }),
  );
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
  return untyped<Project>(http.POST('/api/v1/projects', { body }));
}

export function listProjects(
  params?: PageParams & ProjectFilters & { facets?: boolean },
): Promise<ProjectPage> {
  return untyped<ProjectPage>(
    http.GET('/api/v1/projects', {
      params: {
        query: query({
          q: params?.q,
          owner: params?.owner,
          lifecycle: params?.lifecycle,
          tag: params?.tag,
          system: params?.system,
          facets: params?.facets ? 'true' : undefined,
          ...pageQuery(params),
        }),
      },
    }),
  );
}

export function getProject(slug: string): Promise<Project> {
  return untyped<Project>(http.GET('/api/v1/projects/{slug}', { params: { path: { slug } } }));
}

export function updateProject(slug: string, body: ProjectChanges): Promise<Project> {
  return untyped<Project>(
    http.PATCH('/api/v1/projects/{slug}', { params: { path: { slug } }, body }),
  );
}

export function deleteProject(slug: string): Promise<void> {
  return untyped<void>(http.DELETE('/api/v1/projects/{slug}', { params: { path: { slug } } }));
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
  await untyped<unknown>(
    http.POST('/api/v1/projects/{slug}/transfer', { params: { path: { slug } }, body }),
  );
}

export function ownershipHistory(slug: string): Promise<{ items: OwnershipChange[] }> {
  return untyped<{ items: OwnershipChange[] }>(
    http.GET('/api/v1/projects/{slug}/ownership-history', { params: { path: { slug } } }),
  );
}

export function projectRelations(slug: string): Promise<{ items: Relation[] }> {
  return untyped<{ items: Relation[] }>(
    http.GET('/api/v1/projects/{slug}/relations', { params: { path: { slug } } }),
  );
}

/** One project's catalog-info.yaml (its Component and related documents). */
export function projectCatalogInfo(slug: string): Promise<string> {
  return call<string>(
    http.GET('/api/v1/projects/{slug}/catalog-info.yaml', {
      params: { path: { slug } },
      ...kAsText,
    }),
  );
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
  return untyped<{ job: Job }>(http.POST('/api/v1/catalog/sync'));
}

export function listHrSyncs(): Promise<{ items: SyncRun[] }> {
  return untyped<{ items: SyncRun[] }>(http.GET('/api/v1/catalog/sync'));
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
  return untyped<{ items: Orphan[] }>(http.GET('/api/v1/catalog/orphans'));
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
  return untyped<OwnerAnswer>(http.GET('/api/v1/catalog/owner', { params: { query: query(by) } }));
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
  return untyped<Scorecards>(
    http.GET('/api/v1/catalog/scorecards', { params: { query: query({ team: params?.team }) } }),
  );
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
  const dry_run = dryRun ? 'true' : undefined;
  const pending =
    'yaml' in source
      ? http.POST('/api/v1/catalog/import', {
          params: { query: query({ dry_run, location: source.location }) },
          ...yamlBody(source.yaml),
        })
      : http.POST('/api/v1/catalog/import', {
          params: { query: query({ dry_run }) },
          body: { url: source.url },
        });
  try {
    return await untyped<ImportResult>(pending);
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
  return call<string>(http.GET('/api/v1/catalog/export', { ...kAsText }));
}

export interface CatalogEntity {
  kind: string;
  name: string;
  [key: string]: unknown;
}

export function listEntities(params?: { kind?: string }): Promise<{ items: CatalogEntity[] }> {
  return untyped<{ items: CatalogEntity[] }>(
    http.GET('/api/v1/catalog/entities', { params: { query: query({ kind: params?.kind }) } }),
  );
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
  return untyped<{ items: CloudResource[] }>(
    http.GET('/api/v1/catalog/resources', {
      params: {
        query: query({
          owner: params?.owner,
          project: params?.project,
          orphaned: params?.orphaned ? 'true' : undefined,
        }),
      },
    }),
  );
}

export function scanResources(): Promise<{ job: Job }> {
  return untyped<{ job: Job }>(http.POST('/api/v1/catalog/resources/scan'));
}

/** Sets a resource's owner team and project (written back as owner tags). */
export function updateResource(
  id: string,
  body: { owner_team?: string; project?: string },
): Promise<CloudResource> {
  return untyped<CloudResource>(
    http.PATCH('/api/v1/catalog/resources/{id}', { params: { path: { id } }, body }),
  );
}

// ---------------------------------------------------------------------------
// Audit and events.

export function listAudit(
  params?: PageParams & { subject?: string; actor?: string },
): Promise<Page<Event>> {
  return untyped<Page<Event>>(
    http.GET('/api/v1/audit', {
      params: {
        query: query({ subject: params?.subject, actor: params?.actor, ...pageQuery(params) }),
      },
    }),
  );
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
  const source = new EventSource('/api/v1/events/stream');
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
  return untyped<SpecVersion>(
    http.PUT('/api/v1/projects/{slug}/spec', {
      params: { path: { slug }, query: query({ message }) },
      ...yamlBody(yaml),
    }),
  );
}

export function getSpec(slug: string, version?: number): Promise<SpecVersion> {
  return untyped<SpecVersion>(
    http.GET('/api/v1/projects/{slug}/spec', {
      params: { path: { slug }, query: query({ version }) },
    }),
  );
}

export function listSpecVersions(slug: string, params?: PageParams): Promise<Page<SpecVersion>> {
  return untyped<Page<SpecVersion>>(
    http.GET('/api/v1/projects/{slug}/spec/versions', {
      params: { path: { slug }, query: query(pageQuery(params)) },
    }),
  );
}

export function specDiff(slug: string, from?: number, to?: number): Promise<SpecDiff> {
  return untyped<SpecDiff>(
    http.GET('/api/v1/projects/{slug}/spec/diff', {
      params: { path: { slug }, query: query({ from, to }) },
    }),
  );
}

/** Validates a spec without storing it. */
export function validateSpec(yaml: string): Promise<SpecValidation> {
  return untyped<SpecValidation>(http.POST('/api/v1/spec/validate', { ...yamlBody(yaml) }));
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
  return untyped<Manifests>(
    http.GET('/api/v1/projects/{slug}/manifests', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
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
  return untyped<ProjectPolicy>(
    http.GET('/api/v1/projects/{slug}/policy', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
}

export function checkPolicy(
  yaml: string,
  environment?: string,
): Promise<{ findings: Finding[]; blocking: boolean }> {
  return untyped<{ findings: Finding[]; blocking: boolean }>(
    http.POST('/api/v1/policy/check', {
      params: { query: query({ environment }) },
      ...yamlBody(yaml),
    }),
  );
}

export function listPolicyRules(): Promise<{ items: PolicyRule[] }> {
  return untyped<{ items: PolicyRule[] }>(http.GET('/api/v1/policy/rules'));
}

export function listPolicyExceptions(slug: string): Promise<{ items: PolicyException[] }> {
  return untyped<{ items: PolicyException[] }>(
    http.GET('/api/v1/projects/{slug}/policy/exceptions', { params: { path: { slug } } }),
  );
}

/** Records an exception; `duration` like "30d" (at most 90 days). sre/admin only. */
export function createPolicyException(
  slug: string,
  body: { rule: string; reason: string; duration?: string; expires_at?: string },
): Promise<PolicyException> {
  return untyped<PolicyException>(
    http.POST('/api/v1/projects/{slug}/policy/exceptions', { params: { path: { slug } }, body }),
  );
}

export function revokePolicyException(slug: string, id: string): Promise<PolicyException> {
  return untyped<PolicyException>(
    http.DELETE('/api/v1/projects/{slug}/policy/exceptions/{id}', {
      params: { path: { slug, id } },
    }),
  );
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
  return untyped<{ items: ConfigSetInfo[] }>(
    http.GET('/api/v1/projects/{slug}/config/{env}', { params: { path: { slug, env } } }),
  );
}

export function getConfig(
  slug: string,
  env: string,
  set: string,
  version?: number,
): Promise<ConfigVersion> {
  return untyped<ConfigVersion>(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}', {
      params: { path: { slug, env, set }, query: query({ version }) },
    }),
  );
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
  return untyped<ConfigVersion>(
    http.PUT('/api/v1/projects/{slug}/config/{env}/{set}', {
      params: { path: { slug, env, set } },
      // The server declares data and files as objects without their string values.
      body: body as never,
    }),
  );
}

export function configHistory(
  slug: string,
  env: string,
  set: string,
): Promise<{ items: ConfigVersion[] }> {
  return untyped<{ items: ConfigVersion[] }>(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}/history', {
      params: { path: { slug, env, set } },
    }),
  );
}

export async function configDiff(
  slug: string,
  env: string,
  set: string,
  from?: number,
  to?: number,
): Promise<ConfigDiff> {
  const answer = await untyped<ConfigDiff & { changes?: ConfigKeyDiff[] }>(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}/diff', {
      params: { path: { slug, env, set }, query: query({ from, to }) },
    }),
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
  return untyped<{ items: SecretInfo[] }>(
    http.GET('/api/v1/projects/{slug}/secrets/{env}', { params: { path: { slug, env } } }),
  );
}

/** Sets a secret's value (write-only: the answer never carries it). */
export function putSecret(
  slug: string,
  env: string,
  name: string,
  body: { value: string; message?: string },
): Promise<SecretInfo> {
  return untyped<SecretInfo>(
    http.PUT('/api/v1/projects/{slug}/secrets/{env}/{name}', {
      params: { path: { slug, env, name } },
      body,
    }),
  );
}

export function secretHistory(
  slug: string,
  env: string,
  name: string,
): Promise<{ items: SecretVersionInfo[] }> {
  return untyped<{ items: SecretVersionInfo[] }>(
    http.GET('/api/v1/projects/{slug}/secrets/{env}/{name}/history', {
      params: { path: { slug, env, name } },
    }),
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
  return untyped<{ items: Environment[] }>(http.GET('/api/v1/environments'));
}

export function putEnvironment(
  name: string,
  body: { position: number; production: boolean },
): Promise<Environment> {
  return untyped<Environment>(
    http.PUT('/api/v1/environments/{name}', { params: { path: { name } }, body }),
  );
}

export function deleteEnvironment(name: string): Promise<void> {
  return untyped<void>(http.DELETE('/api/v1/environments/{name}', { params: { path: { name } } }));
}

export function listClusters(): Promise<{ items: Cluster[] }> {
  return untyped<{ items: Cluster[] }>(http.GET('/api/v1/clusters'));
}

export function putCluster(name: string, body: ClusterFields): Promise<Cluster> {
  return untyped<Cluster>(
    http.PUT('/api/v1/clusters/{name}', { params: { path: { name } }, body }),
  );
}

export function deleteCluster(name: string): Promise<void> {
  return untyped<void>(http.DELETE('/api/v1/clusters/{name}', { params: { path: { name } } }));
}

export function projectTargets(slug: string): Promise<{ items: Cluster[] }> {
  return untyped<{ items: Cluster[] }>(
    http.GET('/api/v1/projects/{slug}/targets', { params: { path: { slug } } }),
  );
}

export function putProjectTargets(slug: string, clusters: string[]): Promise<{ items: Cluster[] }> {
  return untyped<{ items: Cluster[] }>(
    http.PUT('/api/v1/projects/{slug}/targets', { params: { path: { slug } }, body: { clusters } }),
  );
}

/** The effective platform standards (shape of render/standards.h). */
export function platformStandards(): Promise<Record<string, unknown>> {
  return untyped<Record<string, unknown>>(http.GET('/api/v1/platform/standards'));
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
  return untyped<Page<Artifact>>(
    http.GET('/api/v1/projects/{slug}/artifacts', {
      params: { path: { slug }, query: query(pageQuery(params)) },
    }),
  );
}

export function createDeployments(
  slug: string,
  body: NewDeployment,
): Promise<{ request_id: string; deployments: Deployment[] }> {
  return untyped(
    http.POST('/api/v1/projects/{slug}/deployments', {
      params: { path: { slug } },
      // The server declares clusters as a list only; it also takes "all".
      body: body as never,
    }),
  );
}

export function listDeployments(
  slug: string,
  params?: PageParams & DeploymentFilters,
): Promise<Page<Deployment>> {
  return untyped<Page<Deployment>>(
    http.GET('/api/v1/projects/{slug}/deployments', {
      params: {
        path: { slug },
        query: query({
          environment: params?.environment,
          cluster: params?.cluster,
          state: params?.state,
          ...pageQuery(params),
        }),
      },
    }),
  );
}

export function getDeployment(slug: string, id: string): Promise<Deployment> {
  return untyped<Deployment>(
    http.GET('/api/v1/projects/{slug}/deployments/{id}', { params: { path: { slug, id } } }),
  );
}

export function approveDeployment(
  slug: string,
  id: string,
  comment?: string,
): Promise<{ deployments: Deployment[] }> {
  return untyped(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/approve', {
      params: { path: { slug, id } },
      body: comment ? { comment } : {},
    }),
  );
}

export function rejectDeployment(
  slug: string,
  id: string,
  comment?: string,
): Promise<{ deployments: Deployment[] }> {
  return untyped(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/reject', {
      params: { path: { slug, id } },
      body: comment ? { comment } : {},
    }),
  );
}

export function cancelDeployment(slug: string, id: string): Promise<Deployment> {
  return untyped<Deployment>(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/cancel', {
      params: { path: { slug, id } },
    }),
  );
}

export function rollbackDeployment(
  slug: string,
  id: string,
  body: { reason: string; emergency?: boolean },
): Promise<{ deployments: Deployment[] }> {
  return untyped(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/rollback', {
      params: { path: { slug, id } },
      body,
    }),
  );
}

export function deploymentDiff(
  slug: string,
  id: string,
  against?: string,
): Promise<DeploymentDiff> {
  return untyped<DeploymentDiff>(
    http.GET('/api/v1/projects/{slug}/deployments/{id}/diff', {
      params: { path: { slug, id }, query: query({ against }) },
    }),
  );
}

export function listApprovals(): Promise<{ items: Deployment[] }> {
  return untyped<{ items: Deployment[] }>(http.GET('/api/v1/approvals'));
}

export function projectTimeline(
  slug: string,
  params?: { since?: string; environment?: string },
): Promise<{ items: TimelineEntry[] }> {
  return untyped(
    http.GET('/api/v1/projects/{slug}/timeline', {
      params: {
        path: { slug },
        query: query({ since: params?.since, environment: params?.environment }),
      },
    }),
  );
}

export function projectWorkloads(
  slug: string,
  cluster?: string,
): Promise<{ items: ClusterWorkloads[] }> {
  return untyped(
    http.GET('/api/v1/projects/{slug}/workloads', {
      params: { path: { slug }, query: query({ cluster }) },
    }),
  );
}

/** The last `tail` lines an instance printed (local runtime). */
export function instanceLogs(
  slug: string,
  cluster: string,
  instance: string,
  tail = 200,
): Promise<string> {
  return call<string>(
    http.GET('/api/v1/projects/{slug}/workloads/{cluster}/{instance}/logs', {
      params: {
        path: { slug, cluster, instance },
        query: query({
          tail,
        }),
      },
      ...kAsText,
    }),
  );
}

export function deploymentsOverview(team?: string): Promise<{ items: OverviewEntry[] }> {
  return untyped(http.GET('/api/v1/deployments/overview', { params: { query: query({ team }) } }));
}

export function deploymentMetrics(params: {
  group_by: 'project' | 'team' | 'platform';
  from?: string;
  to?: string;
  environment?: string;
}): Promise<{ items: DeployMetrics[] }> {
  return untyped(http.GET('/api/v1/metrics/deployments', { params: { query: query(params) } }));
}
