// The alerts API (docs/alerts.md) through the generated client in api/http.ts; the answer
// types are written here until the server declares them.
import type { Page, PageParams } from '../../api/client';
import { http, query, untyped } from '../../api/http';

export type AlertStatus = 'firing' | 'resolved';
export type AlertStateFilter = 'firing' | 'resolved' | 'acknowledged' | 'silenced' | 'unowned';
export const kAlertStates: AlertStateFilter[] = [
  'firing',
  'resolved',
  'acknowledged',
  'silenced',
  'unowned',
];
export const kSeverities = ['critical', 'error', 'warning', 'info'];

export interface Alert {
  fingerprint: string;
  source: string;
  status: AlertStatus;
  alertname: string;
  severity: string;
  namespace: string;
  cluster: string;
  /** "<cluster>/<namespace>". */
  group: string;
  project: string;
  team: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** runbook, dashboard, source, silence, panel… → URL. */
  links: Record<string, string>;
  generator_url: string;
  starts_at: string | null;
  ends_at: string | null;
  first_seen: string | null;
  last_received: string | null;
  resolved_at: string | null;
  acknowledged: { by: string; at: string } | null;
  silenced: { by: string; until: string } | null;
}

export type AlertEventKind =
  'firing' | 'resolved' | 'acknowledged' | 'silenced' | 'unsilenced' | 'reminded' | 'message';

export interface AlertEvent {
  seq: number;
  at: string;
  group: string;
  fingerprint: string;
  kind: AlertEventKind | string;
  actor: string;
  detail: Record<string, unknown>;
}

export interface AlertDetail extends Alert {
  events: AlertEvent[];
}

export interface AlertGroupSummary {
  group: string;
  cluster: string;
  namespace: string;
  team: string;
  project: string;
  firing: number;
}

export interface AlertSummary {
  firing: number;
  acknowledged: number;
  silenced: number;
  unowned: number;
  resolved_last_day: number;
  by_team: Record<string, number>;
  by_severity: Record<string, number>;
  groups: AlertGroupSummary[];
}

export interface HistoryItem {
  at: string;
  /** Alert events (firing, resolved, acknowledged…) and deploys / config changes. */
  kind: string;
  fingerprint?: string;
  alertname?: string;
  actor?: string;
  text?: string;
}

/**
 * The owner of a group as the catalog's owner lookup gives it: `team` is an object
 * {slug, name, status, chat_channel} (a plain slug is accepted too).
 */
export interface GroupOwner {
  team?: { slug: string; name?: string; status?: string; chat_channel?: string } | string | null;
  oncall?: string | null;
  lead?: { login: string; email?: string } | null;
  project?: string | null;
}

/** The owner's team slug, name and chat channel, whichever shape `owner.team` has. */
export function ownerTeam(owner: GroupOwner | null | undefined) {
  const team = owner?.team;
  if (!team) return null;
  if (typeof team === 'string') return { slug: team, name: team, chat_channel: '' };
  return { slug: team.slug, name: team.name || team.slug, chat_channel: team.chat_channel ?? '' };
}

export interface ChatBlockElement {
  type: string;
  text?: string | { type: string; text: string };
}

/** A Block Kit block of the kinds Paved's messages use. */
export interface ChatBlock {
  type: string;
  text?: { type: string; text: string };
  elements?: ChatBlockElement[];
}

/** GET /alerts/message: the group's message as it would be posted now. */
export interface ChatMessage {
  group: string;
  /** "slack" | "incoming_webhook" | "none" */
  chat: string;
  destination: { notify: boolean; channel: string; mention: string; unowned: boolean };
  text: string;
  blocks: ChatBlock[];
}

export function groupMessage(params: { namespace: string; cluster: string }): Promise<ChatMessage> {
  return untyped<ChatMessage>(
    http.GET('/api/v1/alerts/message', {
      params: { query: query(params, ['cluster', 'namespace']) },
    }),
  );
}

export interface GroupHistory {
  group: string;
  groups?: string[];
  owner: GroupOwner | null;
  items: HistoryItem[];
}

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

/** A change notice: the group to read again (and, when given, the alert and what happened). */
export interface AlertStreamEvent {
  group: string;
  fingerprint?: string;
  kind?: string;
}

export function listAlerts(filters: AlertFilters, page?: PageParams): Promise<Page<Alert>> {
  const values = { ...filters, limit: page?.limit, cursor: page?.cursor };
  return untyped<Page<Alert>>(http.GET('/api/v1/alerts', { params: { query: query(values) } }));
}

export function alertSummary(): Promise<AlertSummary> {
  return untyped<AlertSummary>(http.GET('/api/v1/alerts/summary'));
}

export function getAlert(fingerprint: string): Promise<AlertDetail> {
  return untyped<AlertDetail>(
    http.GET('/api/v1/alerts/{fingerprint}', { params: { path: { fingerprint } } }),
  );
}

export function groupHistory(params: {
  namespace: string;
  cluster: string;
  since?: string;
  until?: string;
}): Promise<GroupHistory> {
  return untyped<GroupHistory>(
    http.GET('/api/v1/alerts/history', {
      params: { query: query(params, ['cluster', 'namespace']) },
    }),
  );
}

export function ackAlert(fingerprint: string, comment?: string): Promise<Alert> {
  return untyped<Alert>(
    http.POST('/api/v1/alerts/{fingerprint}/ack', {
      params: { path: { fingerprint } },
      body: comment ? { comment } : {},
    }),
  );
}

/** `duration` like "1h", "4h", "30m", "2d" (1m … 30d). */
export function silenceAlert(fingerprint: string, duration: string, comment?: string) {
  return untyped<Alert>(
    http.POST('/api/v1/alerts/{fingerprint}/silence', {
      params: { path: { fingerprint } },
      body: { duration, ...(comment ? { comment } : {}) },
    }),
  );
}

export function unsilenceAlert(fingerprint: string): Promise<Alert> {
  return untyped<Alert>(
    http.POST('/api/v1/alerts/{fingerprint}/unsilence', {
      params: { path: { fingerprint } },
      body: {},
    }),
  );
}

/** Opens the alerts event stream; returns a function that closes it. */
export function subscribeAlerts(handlers: {
  onEvent: (event: AlertStreamEvent) => void;
  onOpen?: () => void;
  onError?: () => void;
}): () => void {
  const source = new EventSource('/api/v1/alerts/stream');
  source.addEventListener('alert', (message) => {
    try {
      handlers.onEvent(JSON.parse((message as MessageEvent<string>).data) as AlertStreamEvent);
    } catch {
      // A malformed event is dropped; the next one reloads anyway.
    }
  });
  source.addEventListener('open', () => handlers.onOpen?.());
  source.addEventListener('error', () => handlers.onError?.());
  return () => source.close();
}
