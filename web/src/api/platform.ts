// The platform: environments, clusters, a project's target clusters and the standards
// (docs/deploy.md).
import { http, untyped } from './http';

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
