// What the resource pages share: who may change a resource, its kind's fields, badges and
// formatting, and the one-time password of a Redis just created.
import type { Resource, ResourceProfile, User } from '../../api';

/** True when `user` may create and delete resources of a project owned by `ownerTeam`. */
export function canChangeResources(user: User, ownerTeam: string): boolean {
  if (user.role === 'admin' || user.role === 'sre') return true;
  return user.role === 'developer' && user.teams.includes(ownerTeam);
}

/** True when `user` may lift deletion protection and edit the standard. */
export function isPlatformRole(user: User): boolean {
  return user.role === 'admin' || user.role === 'sre';
}

/** A developer field of a kind, as the create form shows it. */
export interface KindField {
  name: string;
  label: string;
  /** Allowed values (a select); none: free text. */
  options?: string[];
  type?: 'text' | 'number' | 'key';
  placeholder?: string;
  /** What the server uses when neither the team nor the standard sets it (kinds.cc). */
  fallback?: string | number;
}

const kEvictionPolicies = [
  'noeviction',
  'allkeys-lru',
  'volatile-lru',
  'allkeys-lfu',
  'volatile-lfu',
  'allkeys-random',
  'volatile-random',
  'volatile-ttl',
];

export const kKindFields: Record<string, KindField[]> = {
  redis: [
    { name: 'size', label: 'Size', options: ['s', 'm', 'l'], fallback: 's' },
    { name: 'engine_version', label: 'Engine version', placeholder: '7.0', fallback: '7.0' },
    { name: 'replicas', label: 'Replicas', type: 'number', placeholder: '0', fallback: 0 },
    {
      name: 'eviction_policy',
      label: 'Eviction policy',
      options: kEvictionPolicies,
      fallback: 'allkeys-lru',
    },
  ],
  'static-site': [
    { name: 'domain', label: 'Domain', placeholder: 'docs.example.com' },
    {
      name: 'index_document',
      label: 'Index document',
      placeholder: 'index.html',
      fallback: 'index.html',
    },
    {
      name: 'error_document',
      label: 'Error document',
      placeholder: '404.html',
      fallback: '404.html',
    },
  ],
  dynamodb: [
    { name: 'partition_key', label: 'Partition key', type: 'key' },
    { name: 'sort_key', label: 'Sort key', type: 'key' },
    {
      name: 'billing_mode',
      label: 'Billing mode',
      options: ['PAY_PER_REQUEST', 'PROVISIONED'],
      fallback: 'PAY_PER_REQUEST',
    },
    { name: 'read_capacity', label: 'Read capacity', type: 'number' },
    { name: 'write_capacity', label: 'Write capacity', type: 'number' },
    { name: 'ttl_attribute', label: 'TTL attribute' },
  ],
};

/** Platform settings (not the developer's fields) and the kinds they apply to ("" = all). */
export const kPlatformSettings: { name: string; kind: string }[] = [
  { name: 'subnet_group', kind: '' },
  { name: 'security_groups', kind: '' },
  { name: 'availability_zones', kind: '' },
  { name: 'snapshot_window', kind: 'redis' },
  { name: 'maintenance_window', kind: 'redis' },
  { name: 'encryption_at_rest', kind: '' },
  { name: 'encryption_in_transit', kind: '' },
  { name: 'backup_retention_days', kind: '' },
  { name: 'tags', kind: '' },
  { name: 'node_types', kind: 'redis' },
  { name: 'maxmemory_mb', kind: 'redis' },
  { name: 'parameter_groups', kind: 'redis' },
  { name: 'point_in_time_recovery', kind: 'dynamodb' },
];

/** The standard's value of `name` for `kind` in `profile` (kind's section, then common). */
export function standardValue(
  profile: ResourceProfile | undefined,
  kind: string,
  name: string,
): unknown {
  const defaults = profile?.defaults ?? {};
  for (const section of [kind, 'common']) {
    const values = defaults[section];
    if (values && name in values) return values[name];
  }
  return undefined;
}

/** A setting's value as one line: strings as they are, anything else as JSON; "—" if unset. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function formatPrice(resource: Resource): string {
  const usd = resource.outputs?.estimated_monthly_usd;
  return typeof usd === 'number' ? `$${usd.toFixed(2)}/mo` : '—';
}

/** The resource's size (a Redis's s/m/l), or "—". */
export function sizeOf(resource: Resource): string {
  return showValue(resource.effective?.size?.value);
}

const kStatusClass: Record<string, string> = {
  creating: 'state-rolling_out',
  updating: 'state-rolling_out',
  deleting: 'state-rolling_out',
  undoing: 'state-waiting',
  ready: 'state-succeeded',
  failed: 'state-failed',
  deleted: 'state-cancelled',
};

export function ResourceStatus({ status }: { status: string }) {
  return (
    <span
      className={`label deploy-state ${kStatusClass[status] ?? ''}`}
      data-testid="resource-status"
      data-status={status}
    >
      {status}
    </span>
  );
}

/** True while a saga runs on the resource: its stream is worth following. */
export function isSettled(status: string): boolean {
  return status === 'ready' || status === 'failed' || status === 'deleted';
}

// The password of a Redis just created: the create answer is the only place it appears, so the
// pages keep it here, in memory only (gone on reload), until the user hides it.
const oneTimeTokens = new Map<string, string>();

export function rememberAuthToken(id: string, token: string): void {
  oneTimeTokens.set(id, token);
}

/** The token kept for `id`, or null. */
export function authTokenOf(id: string): string | null {
  return oneTimeTokens.get(id) ?? null;
}

export function forgetAuthToken(id: string): void {
  oneTimeTokens.delete(id);
}
