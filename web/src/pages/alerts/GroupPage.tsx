// One group (cluster/namespace): its owner (team, on-call), its alerts with Ack / Silence /
// Unsilence, and its history on one time axis. Live: the alerts stream reloads the group.
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import * as api from '../../api';
import type { Alert, OwnerInfo } from '../../api';
import { AlertTimeline } from './AlertTimeline';
import { ChatPreview } from './ChatPreview';
import { OpenFromGroupButton } from '../incidents/OpenFromGroupButton';
import {
  AlertActions,
  AlertHeadCells,
  AlertLinks,
  alertRowAttributes,
  AlertStatusBadges,
  groupParam,
  groupPath,
  groupTitle,
  LiveBadge,
  mayActOn,
  useAlertStream,
} from './alertsUi';

const kSeverityRank: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Firing first, then by severity, then by name. */
function byUrgency(a: Alert, b: Alert): number {
  if (a.status !== b.status) return a.status === 'firing' ? -1 : 1;
  const ra = kSeverityRank[a.severity] ?? 4;
  const rb = kSeverityRank[b.severity] ?? 4;
  return ra - rb || a.alertname.localeCompare(b.alertname);
}

function OwnerBox({ owner, loading }: { owner: OwnerInfo | null; loading: boolean }) {
  const team = api.ownerTeam(owner);
  return (
    <div className="box" data-testid="group-owner">
      <div className="box-header">
        <strong>Owner</strong>
      </div>
      <div className="box-body">
        {loading && !owner ? <span className="muted">Loading…</span> : null}
        {!loading && !team ? (
          <span data-testid="group-unowned">
            <span className="label label-danger">unowned</span>{' '}
            <span className="muted small">
              No project claims this namespace: its alerts go to the fallback channel.
            </span>
          </span>
        ) : null}
        {team ? (
          <dl className="owner-props">
            <dt className="muted small">Team</dt>
            <dd data-testid="group-owner-team">
              <Link to={`/teams/${encodeURIComponent(team.slug)}`}>{team.name}</Link>
              {team.chat_channel ? <span className="muted small"> {team.chat_channel}</span> : null}
            </dd>
            <dt className="muted small">On-call</dt>
            <dd data-testid="group-oncall">{owner?.oncall || <span className="muted">—</span>}</dd>
            {owner?.lead ? (
              <>
                <dt className="muted small">Lead</dt>
                <dd>{owner.lead.login}</dd>
              </>
            ) : null}
            <dt className="muted small">Project</dt>
            <dd>
              {owner?.project ? (
                <Link to={`/projects/${encodeURIComponent(owner.project)}`}>{owner.project}</Link>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </dl>
        ) : null}
      </div>
    </div>
  );
}

function GroupAlerts(props: {
  alerts: Alert[];
  loading: boolean;
  onChanged: (alert: Alert) => void;
}) {
  const { user } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div className="box scroll-x" data-testid="group-alerts">
      <div className="box-header">
        <strong>Alerts</strong>
      </div>
      <ErrorBanner error={error} />
      <table className="table">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Alert</th>
            <th>Links</th>
            <th>State</th>
            <th className="col-time">Since</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((a) => (
            <tr
              key={a.fingerprint}
              {...alertRowAttributes(a, 'group-alert-row')}
              data-alertname={a.alertname}
              data-acknowledged={a.acknowledged ? 'true' : 'false'}
              data-silenced={a.silenced ? 'true' : 'false'}
            >
              <AlertHeadCells alert={a} />
              <td>
                <AlertLinks alert={a} />
              </td>
              <td>
                <AlertStatusBadges alert={a} />
              </td>
              <td className="col-time">
                <Time value={a.status === 'resolved' ? a.resolved_at : a.starts_at} />
              </td>
              <td className="nowrap">
                {mayActOn(user, a) ? (
                  <AlertActions alert={a} onChanged={props.onChanged} onError={setError} />
                ) : null}
              </td>
            </tr>
          ))}
          {props.alerts.length === 0 && !props.loading ? (
            <tr>
              <td colSpan={6} className="muted">
                No alerts in this group.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

export function GroupPage() {
  const { user } = useSession();
  const params = useParams();
  const cluster = groupParam(params.cluster);
  const namespace = groupParam(params.namespace);
  const group = `${cluster}/${namespace}`;

  const alerts = useLoad(
    () => api.listAlerts({ namespace, group }, { limit: 200 }),
    `group-alerts:${group}`,
  );
  const history = useLoad(() => api.groupHistory({ cluster, namespace }), `group-history:${group}`);
  // 404 when the group has no alerts: then there is no message to show.
  const message = useLoad(() => api.groupMessage({ cluster, namespace }), `group-message:${group}`);
  // The answer of an action shows at once, before the reload confirms it.
  const [changed, setChanged] = useState<Map<string, Alert>>(new Map());
  useEffect(() => setChanged(new Map()), [alerts.data]);

  const reloadAlerts = alerts.reload;
  const reloadHistory = history.reload;
  const reloadMessage = message.reload;
  const reload = useCallback(() => {
    reloadAlerts();
    reloadHistory();
    reloadMessage();
  }, [reloadAlerts, reloadHistory, reloadMessage]);
  const live = useAlertStream(reload, (e) => !e.group || e.group === group);

  const onChanged = useCallback(
    (alert: Alert) => {
      setChanged((old) => new Map(old).set(alert.fingerprint, alert));
      reloadHistory();
      reloadMessage();
    },
    [reloadHistory, reloadMessage],
  );

  const items = (alerts.data?.items ?? [])
    .filter((a) => a.namespace === namespace && a.cluster === cluster)
    .map((a) => changed.get(a.fingerprint) ?? a)
    .sort(byUrgency);
  const firing = items.filter((a) => a.status === 'firing').length;

  return (
    <div>
      <div className="breadcrumbs">
        <Link to="/alerts">Alerts</Link> /{' '}
        <span className="strong" data-testid="group-title">
          {groupTitle(cluster, namespace)}
        </span>
      </div>
      <div className="page-head">
        <h1 className="title-with-badges">
          <span>{namespace || 'no namespace'}</span>
          {cluster ? <span className="label">{cluster}</span> : null}
          <span className="label" data-testid="group-firing-count">
            {firing} firing
          </span>
        </h1>
        <LiveBadge live={live} />
        {user.role !== 'viewer' && items.length > 0 ? <OpenFromGroupButton group={group} /> : null}
      </div>
      <ErrorBanner error={alerts.error ?? history.error} />
      <OwnerBox owner={history.data?.owner ?? null} loading={history.loading} />
      <GroupAlerts alerts={items} loading={alerts.loading} onChanged={onChanged} />
      <AlertTimeline items={history.data?.items ?? []} loading={history.loading} />
      {message.data ? <ChatPreview message={message.data} /> : null}
    </div>
  );
}

/**
 * `/alerts/history?namespace=&cluster=` (the shape of the history API) opens that group's page
 * rather than being read as an alert fingerprint; without a namespace, the alerts overview.
 */
export function GroupHistoryRedirect() {
  const [params] = useSearchParams();
  const namespace = params.get('namespace');
  if (namespace === null) return <Navigate to="/alerts" replace />;
  return <Navigate to={groupPath(params.get('cluster') ?? '', namespace)} replace />;
}
