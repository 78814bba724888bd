// Alerts (docs/alerts.md): the list, the summary, one alert, a group's history and chat
// message, and acknowledging and silencing.
import { call, http, query } from './http';
import type { PageParams } from './paging';
import type { OwnerInfo } from './types';

export type AlertStateFilter = 'firing' | 'resolved' | 'acknowledged' | 'silenced' | 'unowned';
export const kAlertStates: AlertStateFilter[] = [
  'firing',
  'resolved',
  'acknowledged',
  'silenced',
  'unowned',
];
export const kSeverities = ['critical', 'error', 'warning', 'info'];

export interface AlertFilters {
  /** "<cluster>/<namespace>", exact (cluster may be empty). */
  group?: string;
  namespace?: string;
  cluster?: string;
  team?: string;
  project?: string;
  severity?: string;
  state?: string;
}

/** The owner's team slug, name and chat channel; null when the group has no owner. */
export function ownerTeam(owner: OwnerInfo | null | undefined) {
  const team = owner?.team;
  if (!team) return null;
  return { slug: team.slug, name: team.name || team.slug, chat_channel: team.chat_channel };
}

export function groupMessage(params: { namespace: string; cluster: string }) {
  return call(
    http.GET('/api/v1/alerts/message', {
      params: { query: query(params, ['cluster', 'namespace']) },
    }),
  );
}

export function listAlerts(filters: AlertFilters, page?: PageParams) {
  const values = { ...filters, limit: page?.limit, cursor: page?.cursor };
  return call(http.GET('/api/v1/alerts', { params: { query: query(values) } }));
}

export function alertSummary() {
  return call(http.GET('/api/v1/alerts/summary'));
}

export function getAlert(fingerprint: string) {
  return call(http.GET('/api/v1/alerts/{fingerprint}', { params: { path: { fingerprint } } }));
}

export function groupHistory(params: {
  namespace: string;
  cluster: string;
  since?: string;
  until?: string;
}) {
  return call(
    http.GET('/api/v1/alerts/history', {
      params: { query: query(params, ['cluster', 'namespace']) },
    }),
  );
}

export function ackAlert(fingerprint: string, comment?: string) {
  return call(
    http.POST('/api/v1/alerts/{fingerprint}/ack', {
      params: { path: { fingerprint } },
      body: comment ? { comment } : {},
    }),
  );
}

/** `duration` like "1h", "4h", "30m", "2d" (1m … 30d). */
export function silenceAlert(fingerprint: string, duration: string, comment?: string) {
  return call(
    http.POST('/api/v1/alerts/{fingerprint}/silence', {
      params: { path: { fingerprint } },
      body: { duration, ...(comment ? { comment } : {}) },
    }),
  );
}

export function unsilenceAlert(fingerprint: string) {
  return call(
    http.POST('/api/v1/alerts/{fingerprint}/unsilence', {
      params: { path: { fingerprint } },
      body: {},
    }),
  );
}
