// The catalog: HR sync, orphans, owner lookup, scorecards, import/export, entities and cloud
// resources (docs/catalog.md).
import { ApiError, call, http, kAsText, query, yamlBody } from './http';
import type { CatalogImportResult } from './types';

export function runHrSync() {
  return call(http.POST('/api/v1/catalog/sync'));
}

export function listHrSyncs() {
  return call(http.GET('/api/v1/catalog/sync'));
}

/** Projects and resources nobody owns, oldest first. */
export function listOrphans() {
  return call(http.GET('/api/v1/catalog/orphans'));
}

/** Who owns a namespace, a project or a cloud resource; 404 when nothing matches. */
export function findOwner(
  by: { namespace: string; cluster?: string } | { project: string } | { resource: string },
) {
  return call(http.GET('/api/v1/catalog/owner', { params: { query: query(by) } }));
}

export function scorecards(params?: { team?: string }) {
  return call(
    http.GET('/api/v1/catalog/scorecards', { params: { query: query({ team: params?.team }) } }),
  );
}

/**
 * Pasted YAML with the location it is imported as (entities a later import of the same
 * location no longer lists become orphans), or a URL (its own location).
 */
export type ImportSource = { yaml: string; location: string } | { url: string };

/**
 * Imports Backstage catalog-info.yaml documents. With dryRun the server only reports what
 * would change. An answer with errors changed nothing; it is returned like a success.
 */
export async function importCatalog(
  source: ImportSource,
  dryRun: boolean,
): Promise<CatalogImportResult> {
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
    return await call(pending);
  } catch (e) {
    const rejected = importRejection(e);
    if (rejected) return rejected;
    throw e;
  }
}

/**
 * The result of an import rejected for its documents' errors: its 422 invalid_catalog answer
 * carries the whole result beside the error. Null for any other error.
 */
function importRejection(e: unknown): CatalogImportResult | null {
  if (!(e instanceof ApiError) || e.code !== 'invalid_catalog') return null;
  return e.body as CatalogImportResult;
}

/** Every entity as multi-document YAML. */
export function exportCatalog(): Promise<string> {
  return call<string>(http.GET('/api/v1/catalog/export', { ...kAsText }));
}

export function listEntities(params?: { kind?: string }) {
  return call(
    http.GET('/api/v1/catalog/entities', { params: { query: query({ kind: params?.kind }) } }),
  );
}

export function listResources(params?: { owner?: string; project?: string; orphaned?: boolean }) {
  return call(
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

export function scanResources() {
  return call(http.POST('/api/v1/catalog/resources/scan'));
}

/** Sets a resource's owner team and project (written back as owner tags). */
export function updateResource(id: string, body: { owner_team?: string; project?: string }) {
  return call(http.PATCH('/api/v1/catalog/resources/{id}', { params: { path: { id } }, body }));
}
