// The deploy routes (docs/deploy.md, docs/deployments.md): app spec, manifests, policy, config
// and secrets, platform, artifacts, deployments, approvals, workloads, overview and metrics.
import { ApiError, call, http, kAsText, query, untyped, yamlBody } from './http';
import { pageQuery, type Page, type PageParams } from './paging';
import type { PolicyFinding } from './types';

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

export interface ProjectPolicy {
  environment: string;
  cluster: string;
  findings: PolicyFinding[];
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

export function checkPolicy(yaml: string, environment?: string) {
  return call(
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
