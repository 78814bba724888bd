// Artifacts, deployments, approvals, workloads, the overview and metrics (docs/deployments.md).
import { call, http, kAsText, query, untyped } from './http';
import { pageQuery, type Page, type PageParams } from './paging';

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
