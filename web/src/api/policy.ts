// Policy: a project's findings and exceptions, the rules, and checking objects (docs/deploy.md).
import { call, http, query, untyped, yamlBody } from './http';
import type { PolicyFinding } from './types';

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
