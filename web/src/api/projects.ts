// Projects: the catalog entry, its ownership history, relations and catalog-info.yaml
// (docs/api.md, docs/catalog.md).
import { call, http, kAsText, query } from './http';
import { pageQuery, type PageParams } from './paging';
import type { Project } from './types';

/** The lifecycles a project may be given, in the order the UI offers them. */
export const kLifecycles = ['experimental', 'production', 'deprecated'] as const;
export type Lifecycle = (typeof kLifecycles)[number];

/** The catalog fields settable on create and PATCH, as a project answers them. */
type CatalogFieldName =
  'type' | 'system' | 'repo_url' | 'oncall' | 'tags' | 'links' | 'owners' | 'namespaces';
export type ProjectCatalogFields = Partial<Pick<Project, CatalogFieldName>> & {
  lifecycle?: Lifecycle;
};

export type NewProject = ProjectCatalogFields &
  Pick<Project, 'slug' | 'name' | 'owner_team'> &
  Partial<Pick<Project, 'description'>>;

export type ProjectChanges = ProjectCatalogFields &
  Partial<Pick<Project, 'name' | 'description' | 'owner_team'>>;

export interface ProjectFilters {
  q?: string;
  owner?: string;
  lifecycle?: string;
  tag?: string;
  system?: string;
}

export function createProject(body: NewProject) {
  return call(http.POST('/api/v1/projects', { body }));
}

export function listProjects(params?: PageParams & ProjectFilters & { facets?: boolean }) {
  return call(
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

export function getProject(slug: string) {
  return call(http.GET('/api/v1/projects/{slug}', { params: { path: { slug } } }));
}

export function updateProject(slug: string, body: ProjectChanges) {
  return call(http.PATCH('/api/v1/projects/{slug}', { params: { path: { slug } }, body }));
}

export function deleteProject(slug: string): Promise<void> {
  return call(http.DELETE('/api/v1/projects/{slug}', { params: { path: { slug } } }));
}

/** Hands the project to another team (POST /projects/{slug}/transfer). */
export async function transferProject(
  slug: string,
  body: { to_team: string; reason: string },
): Promise<void> {
  await call(http.POST('/api/v1/projects/{slug}/transfer', { params: { path: { slug } }, body }));
}

export function ownershipHistory(slug: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/ownership-history', { params: { path: { slug } } }),
  );
}

export function projectRelations(slug: string) {
  return call(http.GET('/api/v1/projects/{slug}/relations', { params: { path: { slug } } }));
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
