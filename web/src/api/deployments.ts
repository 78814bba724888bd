// Artifacts, deployments, approvals, workloads, the overview and metrics (docs/deployments.md).
import { call, http, kAsText, query, type Body } from './http';
import { pageQuery, type PageParams } from './paging';
import type { DeploymentState } from './types';

/** Every deployment state, in the order a filter offers them. */
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

export type NewDeployment = Body<'/api/v1/projects/{slug}/deployments', 'post'>;

export interface DeploymentFilters {
  environment?: string;
  cluster?: string;
  state?: string;
}

export function listArtifacts(slug: string, params?: PageParams) {
  return call(
    http.GET('/api/v1/projects/{slug}/artifacts', {
      params: { path: { slug }, query: query(pageQuery(params)) },
    }),
  );
}

export function createDeployments(slug: string, body: NewDeployment) {
  return call(
    http.POST('/api/v1/projects/{slug}/deployments', {
      params: { path: { slug } },
      body,
    }),
  );
}

export function listDeployments(slug: string, params?: PageParams & DeploymentFilters) {
  return call(
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

export function getDeployment(slug: string, id: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/deployments/{id}', { params: { path: { slug, id } } }),
  );
}

export function approveDeployment(slug: string, id: string, comment?: string) {
  return call(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/approve', {
      params: { path: { slug, id } },
      body: comment ? { comment } : {},
    }),
  );
}

export function rejectDeployment(slug: string, id: string, comment?: string) {
  return call(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/reject', {
      params: { path: { slug, id } },
      body: comment ? { comment } : {},
    }),
  );
}

export function cancelDeployment(slug: string, id: string) {
  return call(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/cancel', {
      params: { path: { slug, id } },
    }),
  );
}

export function rollbackDeployment(
  slug: string,
  id: string,
  body: { reason: string; emergency?: boolean },
) {
  return call(
    http.POST('/api/v1/projects/{slug}/deployments/{id}/rollback', {
      params: { path: { slug, id } },
      body,
    }),
  );
}

export function deploymentDiff(slug: string, id: string, against?: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/deployments/{id}/diff', {
      params: { path: { slug, id }, query: query({ against }) },
    }),
  );
}

export function listApprovals() {
  return call(http.GET('/api/v1/approvals'));
}

export function projectTimeline(slug: string, params?: { since?: string; environment?: string }) {
  return call(
    http.GET('/api/v1/projects/{slug}/timeline', {
      params: {
        path: { slug },
        query: query({ since: params?.since, environment: params?.environment }),
      },
    }),
  );
}

export function projectWorkloads(slug: string, cluster?: string) {
  return call(
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

export function deploymentsOverview(team?: string) {
  return call(http.GET('/api/v1/deployments/overview', { params: { query: query({ team }) } }));
}

export function deploymentMetrics(params: {
  group_by: 'project' | 'team' | 'platform';
  from?: string;
  to?: string;
  environment?: string;
}) {
  return call(http.GET('/api/v1/metrics/deployments', { params: { query: query(params) } }));
}
