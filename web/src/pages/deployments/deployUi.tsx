// Pieces shared by the deployment pages and the project's Deployments and Workloads tabs:
// state badges, short digests, durations and live refresh (event stream + polling).
import { useEffect, useRef } from 'react';
import * as api from '../../api';
import type { User } from '../../api';

/** "sha256:4cbe9b384a4a" (12 hex digits) of a digest; the whole one belongs in a title. */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return '—';
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return (algo ? `${algo}:` : '') + hex.slice(0, 12);
}

/** A deployment state as a colour-coded badge. */
export function StateBadge({ state }: { state: string | null | undefined }) {
  if (!state) return <span className="muted">—</span>;
  return (
    <span
      className={`label deploy-state state-${state}`}
      data-testid="deploy-state"
      data-state={state}
    >
      {state.replace(/_/g, ' ')}
    </span>
  );
}

/** "1.2 s", "3 min", "2.5 h" for a duration in milliseconds. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

/** A ratio 0..1 as a percentage. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * True when the UI offers Approve/Reject to `user`: SRE and admins, and members of the owner
 * team `ownerTeam` (its lead may approve). The server decides and refuses with 403 otherwise
 * (also to the requester: 403 self_approval).
 */
export function mayOfferApproval(user: User, ownerTeam?: string): boolean {
  if (user.role === 'admin' || user.role === 'sre') return true;
  if (user.role === 'viewer') return false;
  return ownerTeam === undefined || user.teams.includes(ownerTeam);
}

/** True for an audit event about deployments or artifacts (optionally of one project). */
function isDeployEvent(e: api.AuditEvent, project?: string): boolean {
  const deployish =
    e.action.startsWith('deployment.') ||
    e.action.startsWith('deploy.') ||
    e.action.startsWith('artifact.');
  if (!deployish) return false;
  if (!project) return true;
  const summaryProject = (e.summary as { project?: unknown }).project;
  return e.subject.includes(project) || summaryProject === undefined || summaryProject === project;
}

/**
 * Calls `onChange` whenever the event stream reports a deployment (or artifact) event, and
 * every `pollMs` while `polling` is true (deployments not final yet): the stream carries audit
 * events only, so polling covers progress the runtime makes without an audit entry.
 */
export function useDeployRefresh(
  onChange: () => void,
  polling: boolean,
  project?: string,
  pollMs = 2000,
) {
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    const close = api.subscribeEvents({
      onEvent: (event) => {
        if (isDeployEvent(event, project)) callback.current();
      },
      onOpen: () => callback.current(),
    });
    return close;
  }, [project]);

  useEffect(() => {
    if (!polling) return undefined;
    const timer = window.setInterval(() => callback.current(), pollMs);
    return () => window.clearInterval(timer);
  }, [polling, pollMs]);
}
