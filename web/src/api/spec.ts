// A project's app spec and the manifests rendered from it (docs/deploy.md).
import { ApiError, http, query, untyped, yamlBody } from './http';
import { pageQuery, type Page, type PageParams } from './paging';

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
