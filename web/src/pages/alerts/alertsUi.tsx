// Pieces shared by the alert pages: paths, badges, live refresh from the alerts stream and the
// Ack / Silence / Unsilence buttons.
import { useEffect, useRef, useState } from 'react';
import type { ApiError, User } from '../../api';
import { Link } from 'react-router-dom';
import { Time } from '../../components/Time';
import * as api from '../../api';
import type { Alert, AlertStreamEvent } from '../../api';
import './alerts.css';

/**
 * The group page of (cluster, namespace); an empty cluster or namespace (an alert without that
 * label) is "-" in the path, which no Kubernetes name can be.
 */
export function groupPath(cluster: string, namespace: string): string {
  const seg = (value: string) => encodeURIComponent(value || '-');
  return `/alerts/groups/${seg(cluster)}/${seg(namespace)}`;
}

/** The cluster or namespace named by a group page path segment ("-" = none). */
export function groupParam(param: string | undefined): string {
  return !param || param === '-' ? '' : param;
}

export function alertPath(fingerprint: string): string {
  return `/alerts/${encodeURIComponent(fingerprint)}`;
}

/** "kr1-prod/chat-gateway", or just the namespace when there is no cluster. */
export function groupTitle(cluster: string, namespace: string): string {
  return cluster ? `${cluster}/${namespace || '—'}` : namespace || '—';
}

/** critical / error / warning / info / other, colour-coded. */
export function SeverityBadge({ severity }: { severity: string }) {
  const known = api.kSeverities.includes(severity) ? severity : 'other';
  return (
    <span className={`label alert-sev alert-sev-${known}`} data-severity={severity}>
      {severity || 'none'}
    </span>
  );
}

/** firing / resolved, and acknowledged / silenced when they apply. */
export function AlertStatusBadges({ alert }: { alert: Alert }) {
  return (
    <span className="alert-badges">
      <span
        className={`label alert-status alert-status-${alert.status}`}
        data-testid="alert-status"
        data-status={alert.status}
      >
        {alert.status}
      </span>
      {alert.acknowledged ? (
        <span
          className="label alert-acked"
          data-testid="alert-acked"
          title={alert.acknowledged.at ?? undefined}
        >
          acknowledged by {alert.acknowledged.by}
        </span>
      ) : null}
      {alert.silenced ? (
        <span className="label alert-silenced" data-testid="alert-silenced">
          silenced by {alert.silenced.by} until <Time value={alert.silenced.until} />
        </span>
      ) : null}
    </span>
  );
}

/**
 * True when the UI offers Ack / Silence to `user`: SRE and admins always, developers of the
 * owner team for owned alerts. The server decides and answers 403 otherwise.
 */
export function mayActOn(user: User, alert: Alert): boolean {
  if (user.role === 'admin' || user.role === 'sre') return true;
  if (user.role !== 'developer' || !alert.team) return false;
  return user.teams.includes(alert.team);
}

/**
 * Calls `onChange` (debounced by `debounceMs`) whenever the alerts stream reports a change for
 * which `matches` is true (every change when absent), and each time the stream (re)connects so
 * that nothing that changed before it was connected stays stale. Returns whether the stream is
 * connected.
 */
export function useAlertStream(
  onChange: () => void,
  matches?: (event: AlertStreamEvent) => boolean,
  debounceMs = 300,
): boolean {
  const callback = useRef(onChange);
  callback.current = onChange;
  const filter = useRef(matches);
  filter.current = matches;
  const [live, setLive] = useState(false);

  useEffect(() => {
    let timer: number | undefined;
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), debounceMs);
    };
    const close = api.subscribeAlerts({
      onEvent: (event) => {
        if (!filter.current || filter.current(event)) schedule();
      },
      onOpen: () => {
        setLive(true);
        schedule();
      },
      onError: () => setLive(false),
    });
    return () => {
      window.clearTimeout(timer);
      close();
    };
  }, [debounceMs]);
  return live;
}

export function LiveBadge({ live }: { live: boolean }) {
  return (
    <span
      className={live ? 'live-badge on' : 'live-badge'}
      data-testid="alerts-live"
      data-live={live}
    >
      <span className="dot" />
      {live ? 'live' : 'offline'}
    </span>
  );
}

const kQuickSilences = ['1h', '4h'];
const kDurationPattern = /^\d+[mhd]$/;

interface ActionsProps {
  alert: Alert;
  /** Called with the alert as the server answered after an action. */
  onChanged: (alert: Alert) => void;
  onError: (error: ApiError | null) => void;
}

/** Ack, Silence (1h, 4h, custom) and Unsilence for one alert. */
export function AlertActions({ alert, onChanged, onError }: ActionsProps) {
  const [busy, setBusy] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const [custom, setCustom] = useState('');

  async function run(action: () => Promise<Alert>) {
    setBusy(true);
    onError(null);
    try {
      const answer = await action();
      setChoosing(false);
      setCustom('');
      onChanged(answer);
    } catch (e) {
      onError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const fp = alert.fingerprint;
  const customValid = kDurationPattern.test(custom.trim());
  return (
    <span className="alert-actions" data-testid="alert-actions">
      {!alert.acknowledged && alert.status === 'firing' ? (
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void run(() => api.ackAlert(fp))}
        >
          Ack
        </button>
      ) : null}
      {alert.silenced ? (
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void run(() => api.unsilenceAlert(fp))}
        >
          Unsilence
        </button>
      ) : (
        <button
          type="button"
          className={choosing ? 'btn btn-sm selected' : 'btn btn-sm'}
          disabled={busy}
          aria-expanded={choosing}
          onClick={() => setChoosing(!choosing)}
        >
          Silence…
        </button>
      )}
      {choosing && !alert.silenced ? (
        <span className="silence-menu" data-testid="silence-menu">
          {kQuickSilences.map((d) => (
            <button
              key={d}
              type="button"
              className="btn btn-sm"
              disabled={busy}
              onClick={() => void run(() => api.silenceAlert(fp, d))}
            >
              {d}
            </button>
          ))}
          <input
            className="form-control input-sm silence-custom"
            aria-label="Silence duration"
            placeholder="e.g. 2d"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && customValid) {
                void run(() => api.silenceAlert(fp, custom.trim()));
              }
            }}
          />
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy || !customValid}
            title="Minutes (m), hours (h) or days (d), up to 30d"
            onClick={() => void run(() => api.silenceAlert(fp, custom.trim()))}
          >
            Silence
          </button>
        </span>
      ) : null}
    </span>
  );
}

/**
 * The alert's links: runbook and dashboard (from `links`, else the runbook_url / dashboard_url
 * annotations), the source's own (Grafana: silence, panel…) and the generator URL as "source".
 */
export function linksOf(alert: Alert): [string, string][] {
  const a = alert.annotations ?? {};
  const found = new Map<string, string>();
  const add = (name: string, href: string | undefined) => {
    if (href && /^https?:\/\//.test(href) && !found.has(name)) found.set(name, href);
  };
  add('runbook', alert.links?.runbook ?? a.runbook_url ?? a.runbook);
  add('dashboard', alert.links?.dashboard ?? a.dashboard_url ?? a.dashboard);
  for (const [name, href] of Object.entries(alert.links ?? {})) add(name, href);
  add('source', alert.generator_url);
  return [...found.entries()];
}

/** The alert's links as small external links. */
export function AlertLinks({ alert }: { alert: Alert }) {
  const links = linksOf(alert);
  if (links.length === 0) return <span className="muted">—</span>;
  return (
    <span className="alert-links">
      {links.map(([name, href]) => (
        <a key={name} href={href} target="_blank" rel="noreferrer" data-link={name}>
          {name}
        </a>
      ))}
    </span>
  );
}

/** The alert's summary annotation (or description), if any. */
export function summaryOf(alert: Alert): string {
  const a = alert.annotations ?? {};
  return a.summary || a.description || a.message || '';
}

/** The attributes every alert table row carries (tests find rows by them). */
export function alertRowAttributes(alert: Alert, testId: string) {
  return {
    'data-testid': testId,
    'data-fingerprint': alert.fingerprint,
    'data-status': alert.status,
    className: alert.status === 'resolved' ? 'alert-row-resolved' : undefined,
  };
}

/** The severity and alert cells that start every alert table row. */
export function AlertHeadCells({ alert }: { alert: Alert }) {
  return (
    <>
      <td>
        <SeverityBadge severity={alert.severity} />
      </td>
      <td>
        <Link to={alertPath(alert.fingerprint)}>{alert.alertname || alert.fingerprint}</Link>
        <div className="alert-summary">{summaryOf(alert)}</div>
      </td>
    </>
  );
}

/** A labelled <select> of fixed values, with "any" (the empty value) first. */
export function ChoicePicker(props: {
  id: string;
  label: string;
  value: string | undefined;
  choices: string[];
  onChange: (value: string) => void;
}) {
  return (
    <label className="picker">
      <span>{props.label}</span>
      <select
        id={props.id}
        className="form-control"
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">any</option>
        {props.choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
