// A project's app spec and the manifests rendered from it (docs/deploy.md).
import { ApiError, call, http, query, yamlBody } from './http';
import { pageQuery, type PageParams } from './paging';
import type { SpecError } from './types';

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
export function putSpec(slug: string, yaml: string, message?: string) {
  return call(
    http.PUT('/api/v1/projects/{slug}/spec', {
      params: { path: { slug }, query: query({ message }) },
      ...yamlBody(yaml),
    }),
  );
}

export function getSpec(slug: string, version?: number) {
  return call(
    http.GET('/api/v1/projects/{slug}/spec', {
      params: { path: { slug }, query: query({ version }) },
    }),
  );
}

export function listSpecVersions(slug: string, params?: PageParams) {
  return call(
    http.GET('/api/v1/projects/{slug}/spec/versions', {
      params: { path: { slug }, query: query(pageQuery(params)) },
    }),
  );
}

export function specDiff(slug: string, from?: number, to?: number) {
  return call(
    http.GET('/api/v1/projects/{slug}/spec/diff', {
      params: { path: { slug }, query: query({ from, to }) },
    }),
  );
}

/** Validates a spec without storing it. */
export function validateSpec(yaml: string) {
  return call(http.POST('/api/v1/spec/validate', { ...yamlBody(yaml) }));
}

export interface ManifestParams {
  env?: string;
  cluster?: string;
  version?: number;
  digest?: string;
}

export function getManifests(slug: string, params: ManifestParams = {}) {
  return call(
    http.GET('/api/v1/projects/{slug}/manifests', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
}
