// The platform: environments, clusters, a project's target clusters and the standards
// (docs/deploy.md).
import { call, http } from './http';
import type { Cluster, ClusterRuntime } from './types';

export const kClusterRuntimes: ClusterRuntime[] = ['local', 'kubernetes', 'gitops'];

/** A PUT changes only the fields given; endpoint and credentials are admin-only to change. */
export type ClusterFields = Omit<Cluster, 'name' | 'endpoint'> & { endpoint?: string };

/** Environments in promotion order. */
export function listEnvironments() {
  return call(http.GET('/api/v1/environments'));
}

export function putEnvironment(name: string, body: { position: number; production: boolean }) {
  return call(http.PUT('/api/v1/environments/{name}', { params: { path: { name } }, body }));
}

export function deleteEnvironment(name: string): Promise<void> {
  return call(http.DELETE('/api/v1/environments/{name}', { params: { path: { name } } }));
}

export function listClusters() {
  return call(http.GET('/api/v1/clusters'));
}

export function putCluster(name: string, body: ClusterFields) {
  return call(http.PUT('/api/v1/clusters/{name}', { params: { path: { name } }, body }));
}

export function deleteCluster(name: string): Promise<void> {
  return call(http.DELETE('/api/v1/clusters/{name}', { params: { path: { name } } }));
}

export function projectTargets(slug: string) {
  return call(http.GET('/api/v1/projects/{slug}/targets', { params: { path: { slug } } }));
}

export function putProjectTargets(slug: string, clusters: string[]) {
  return call(
    http.PUT('/api/v1/projects/{slug}/targets', { params: { path: { slug } }, body: { clusters } }),
  );
}

/** The effective platform standards (shape of render/standards.h). */
export function platformStandards() {
  return call(http.GET('/api/v1/platform/standards'));
}
