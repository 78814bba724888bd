// One alert: status, acknowledgement and silence with their buttons, labels, annotations,
// links (runbook, dashboard, source) and its events. Live: the alerts stream reloads it.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ApiError } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { NotFoundPage } from '../../components/NotFoundPage';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import * as api from '../../api';
import type { AlertEvent } from '../../api';
import {
  AlertActions,
  AlertLinks,
  AlertStatusBadges,
  groupPath,
  groupTitle,
  LiveBadge,
  mayActOn,
  SeverityBadge,
  summaryOf,
  useAlertStream,
} from './alertsUi';

function KeyValues(props: { title: string; values: Record<string, string>; testId: string }) {
  const entries = Object.entries(props.values ?? {}).sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <div className="box" data-testid={props.testId}>
      <div className="box-header">
        <strong>{props.title}</strong>
      </div>
      {entries.length === 0 ? <div className="empty">None.</div> : null}
      {entries.length > 0 ? (
        <table className="table labels-table">
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k} data-key={k}>
                <td>{k}</td>
                <td className="mono small">
                  {/^https?:\/\//.test(v) ? (
                    <a href={v} target="_blank" rel="noreferrer">
                      {v}
                    </a>
                  ) : (
                    v
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function detailText(detail: AlertEvent['detail']): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function EventsBox({ events }: { events: AlertEvent[] }) {
  const newestFirst = [...events].sort((a, b) => b.seq - a.seq);
  return (
    <div className="box" data-testid="alert-events">
      <div className="box-header">
        <strong>Events</strong>
      </div>
      {events.length === 0 ? <div className="empty">No events.</div> : null}
      {events.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th className="col-time">Time</th>
              <th>Kind</th>
              <th>Actor</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((e) => (
              <tr key={e.seq} data-testid="alert-event" data-kind={e.kind}>
                <td className="col-time">
                  <Time value={e.at} />
                </td>
                <td>
                  <span className="label">{e.kind}</span>
                </td>
                <td>{e.actor || <span className="muted">source</span>}</td>
                <td className="mono small">{detailText(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function AlertPage() {
  const { fingerprint = '' } = useParams();
  const { user } = useSession();
  const alert = useLoad(() => api.getAlert(fingerprint), `alert:${fingerprint}`);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const reload = alert.reload;
  const group = alert.data?.group;
  const live = useAlertStream(reload, (e) => !group || e.group === group);

  if ((alert.error as ApiError | null)?.status === 404) return <NotFoundPage what="alert" />;
  const a = alert.data;
  if (!a) {
    if (alert.error) return <ErrorBanner error={alert.error} />;
    return <div className="muted">Loading…</div>;
  }

  return (
    <div data-testid="alert-detail" data-fingerprint={a.fingerprint} data-status={a.status}>
      <div className="breadcrumbs">
        <Link to="/alerts">Alerts</Link> /{' '}
        <Link to={groupPath(a.cluster, a.namespace)}>{groupTitle(a.cluster, a.namespace)}</Link> /{' '}
        <span className="strong">{a.alertname}</span>
      </div>
      <div className="page-head">
        <h1 className="title-with-badges">
          <span data-testid="alert-name">{a.alertname || a.fingerprint}</span>
          <SeverityBadge severity={a.severity} />
          <AlertStatusBadges alert={a} />
        </h1>
        <LiveBadge live={live} />
      </div>
      {summaryOf(a) ? <p className="description">{summaryOf(a)}</p> : null}
      <ErrorBanner error={alert.error} />
      <ErrorBanner error={actionError} />
      {mayActOn(user, a) ? (
        <p>
          <AlertActions alert={a} onChanged={() => reload()} onError={setActionError} />
        </p>
      ) : null}
      <div className="layout-split">
        <div>
          <div className="box" data-testid="alert-props">
            <div className="box-header">
              <strong>About</strong>
            </div>
            <div className="box-body">
              <dl className="owner-props">
                <dt className="muted small">Fingerprint</dt>
                <dd className="mono">{a.fingerprint}</dd>
                <dt className="muted small">Source</dt>
                <dd>{a.source}</dd>
                <dt className="muted small">Team</dt>
                <dd>
                  {a.team ? (
                    <Link to={`/teams/${encodeURIComponent(a.team)}`}>{a.team}</Link>
                  ) : (
                    <span className="label label-danger">unowned</span>
                  )}
                </dd>
                <dt className="muted small">Project</dt>
                <dd>
                  {a.project ? (
                    <Link to={`/projects/${encodeURIComponent(a.project)}`}>{a.project}</Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </dd>
                <dt className="muted small">Links</dt>
                <dd>
                  <AlertLinks alert={a} />
                </dd>
                <dt className="muted small">Started</dt>
                <dd>
                  <Time value={a.starts_at} />
                </dd>
                <dt className="muted small">Ends</dt>
                <dd>
                  <Time value={a.ends_at} />
                </dd>
                <dt className="muted small">Resolved</dt>
                <dd>
                  <Time value={a.resolved_at} />
                </dd>
                <dt className="muted small">First seen</dt>
                <dd>
                  <Time value={a.first_seen} />
                </dd>
                <dt className="muted small">Last received</dt>
                <dd>
                  <Time value={a.last_received} />
                </dd>
              </dl>
            </div>
          </div>
        </div>
        <div>
          <KeyValues title="Labels" values={a.labels} testId="alert-labels" />
          <KeyValues title="Annotations" values={a.annotations} testId="alert-annotations" />
          <EventsBox events={a.events ?? []} />
        </div>
      </div>
    </div>
  );
}
