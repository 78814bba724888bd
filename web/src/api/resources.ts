// Self-service resources (docs/resources.md): Redis, static sites and DynamoDB tables created
// with the platform's standard, their journal, deletion and protection, and the standard's
// profiles per (cloud account, environment).
import { call, http, query } from './http';
import type { PageParams } from './paging';
import type { Body } from './http';
import type { CreatedResource, Resource, ResourceProfile } from './types';

export const kResourceKinds = ['redis', 'static-site', 'dynamodb'] as const;
export type ResourceKind = (typeof kResourceKinds)[number];
export const kResourceStatuses: Resource['status'][] = [
  'creating',
  'ready',
  'updating',
  'undoing',
  'failed',
  'deleting',
  'deleted',
];

export interface ResourceFilters {
  team?: string;
  project?: string;
  kind?: string;
  environment?: string;
  status?: string;
}

export function listSelfServiceResources(filters: ResourceFilters, page?: PageParams) {
  const values = { ...filters, limit: page?.limit, cursor: page?.cursor };
  return call(http.GET('/api/v1/resources', { params: { query: query(values) } }));
}

export type CreateResourceBody = Body<'/api/v1/projects/{slug}/resources', 'post'>;

/** Starts creating a resource in project `slug`; answers at once (202) with it `creating`. */
export function createResource(slug: string, body: CreateResourceBody): Promise<CreatedResource> {
  return call(http.POST('/api/v1/projects/{slug}/resources', { params: { path: { slug } }, body }));
}

/** The resource with its journal and the provider's live status. */
export function getResource(id: string) {
  return call(http.GET('/api/v1/resources/{id}', { params: { path: { id } } }));
}

export type UpdateResourceBody = Body<'/api/v1/resources/{id}', 'patch'>;

/** Starts changing a ready resource's settings (202; `updating` until the provider is done). */
export function changeResource(id: string, body: UpdateResourceBody) {
  return call(http.PATCH('/api/v1/resources/{id}', { params: { path: { id } }, body }));
}

/** Starts deleting; `confirm` must repeat the resource's name. */
export function deleteResource(id: string, confirm: string) {
  return call(
    http.DELETE('/api/v1/resources/{id}', { params: { path: { id }, query: { confirm } } }),
  );
}

/** Turns deletion protection on, or (sre, admin) off with a reason. */
export function setDeletionProtection(id: string, enabled: boolean, reason: string) {
  return call(
    http.PUT('/api/v1/resources/{id}/deletion-protection', {
      params: { path: { id } },
      body: { enabled, reason: reason || undefined },
    }),
  );
}

export function listResourceProfiles() {
  return call(http.GET('/api/v1/resource-profiles'));
}

export type ResourceProfileBody = Body<'/api/v1/resource-profiles/{account}/{environment}', 'put'>;

export function putResourceProfile(
  account: string,
  environment: string,
  body: ResourceProfileBody,
): Promise<ResourceProfile> {
  return call(
    http.PUT('/api/v1/resource-profiles/{account}/{environment}', {
      params: { path: { account, environment } },
      body,
    }),
  );
}

export function deleteResourceProfile(account: string, environment: string) {
  return call(
    http.DELETE('/api/v1/resource-profiles/{account}/{environment}', {
      params: { path: { account, environment } },
    }),
  );
}
