// The Workloads tab: per cluster, each component's desired and ready replicas and its instances
// (pods or local processes) with state and restarts; a local instance links to its URL and
// shows its logs. CronJobs are listed with their schedule, when they last ran and succeeded, and
// their last runs; recent Kubernetes events (warnings first) show under each workload.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type {
  ClusterWorkloads,
  Project,
  Workload,
  WorkloadEvent,
  WorkloadInstance,
} from '../../api';
import { ErrorBanner } from '../../components/Field';
import { formatTime } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { shortDigest, StateBadge, useDeployRefresh } from '../deployments/deployUi';
import { isMissingRoute } from './deployShared';

const kHealthyStates = ['running', 'ready', 'Running', 'Succeeded', 'succeeded'];

/** The Workloads tab with the logs of `instance` on `cluster` open (the `logs` parameter). */
export function logsLink(slug: string, cluster: string, instance: string): string {
  const q = new URLSearchParams({ tab: 'workloads', logs: `${cluster}/${instance}` });
  return `/projects/${encodeURIComponent(slug)}?${q.toString()}`;
}

/** Whether an instance's state is a healthy one (ready, running, succeeded). */
export function healthyState(state: string): boolean {
  return kHealthyStates.includes(state);
}

/** The open logs viewer, kept in the URL as `logs=<cluster>/<instance>`. */
function useLogsParam() {
  const [params, setParams] = useSearchParams();
  const value = params.get('logs') ?? '';
  const slash = value.indexOf('/');
  const logsOf =
    slash > 0 ? { cluster: value.slice(0, slash), instance: value.slice(slash + 1) } : null;
  const setLogsOf = (v: { cluster: string; instance: string } | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (v) next.set('logs', `${v.cluster}/${v.instance}`);
      else next.delete('logs');
      return next;
    });
  return [logsOf, setLogsOf] as const;
}

function when(t: string | null | undefined): string {
  return t ? formatTime(new Date(t)) : 'never';
}

export function WorkloadsTab({ project }: { project: Project }) {
  const slug = project.slug;
  const [cluster, setCluster] = useState('');
  const [logsOf, setLogsOf] = useLogsParam();
  const workloads = useLoad(
    () => api.projectWorkloads(slug, cluster || undefined),
    `workloads:${slug}:${cluster}`,
  );
  const all = useLoad(() => api.projectWorkloads(slug), `workloads-all:${slug}`);
  const items = workloads.data?.items ?? [];
  const settling = items.some((c) =>
    c.workloads.some((w) => w.kind !== 'CronJob' && w.ready !== w.desired),
  );
  useDeployRefresh(workloads.reload, settling, slug, 3000);

  if (isMissingRoute(workloads.error)) {
    return (
      <div className="blankslate box" data-testid="workloads-unavailable">
        <p>This server does not report workloads yet.</p>
      </div>
    );
  }
  return (
    <div className="workloads-tab">
      <div className="filters">
        <label className="picker">
          <span>Cluster</span>
          <select
            id="workloads-cluster"
            className="form-control"
            value={cluster}
            onChange={(e) => setCluster(e.target.value)}
          >
            <option value="">all clusters</option>
            {(all.data?.items ?? []).map((c) => (
              <option key={c.cluster} value={c.cluster}>
                {c.cluster}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-sm" onClick={workloads.reload}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={workloads.error} />
      {items.length === 0 && !workloads.loading ? (
        <div className="blankslate box">Nothing runs yet: deploy from the Deployments tab.</div>
      ) : null}
      {items.map((c) => (
        <ClusterBox
          key={c.cluster}
          c={c}
          onLogs={(instance) => setLogsOf({ cluster: c.cluster, instance })}
        />
      ))}
      {logsOf ? (
        <LogsViewer
          slug={slug}
          cluster={logsOf.cluster}
          instance={logsOf.instance}
          onClose={() => setLogsOf(null)}
        />
      ) : null}
    </div>
  );
}

function ClusterBox({ c, onLogs }: { c: ClusterWorkloads; onLogs: (instance: string) => void }) {
  const cron = c.workloads.filter((w) => w.kind === 'CronJob');
  const running = c.workloads.filter((w) => w.kind !== 'CronJob');
  return (
    <div className="box" data-testid="workload-cluster" data-cluster={c.cluster}>
      <div className="box-header box-header-actions">
        <span>
          <strong>{c.cluster}</strong>{' '}
          <span className="muted small">
            {c.environment} · {c.region} · namespace <code>{c.namespace}</code>
          </span>
        </span>
        {c.deployment ? (
          <span className="small">
            <span className="mono" title={c.deployment.digest}>
              {shortDigest(c.deployment.digest)}
            </span>{' '}
            <StateBadge state={c.deployment.state} />
          </span>
        ) : (
          <span className="muted small">not deployed</span>
        )}
      </div>
      {c.notice ? (
        <div className="flash flash-warn" data-testid="runtime-notice">
          {c.notice}
        </div>
      ) : null}
      {c.error ? <div className="flash flash-error">{c.error}</div> : null}
      {running.length === 0 && cron.length === 0 && !c.error ? (
        <div className="empty">No workloads.</div>
      ) : null}
      {running.map((w) => (
        <WorkloadTable key={w.component} w={w} onLogs={onLogs} />
      ))}
      {cron.length > 0 ? (
        <div className="box-body" data-testid="cronjobs">
          <strong className="small">CronJobs</strong>
          {cron.map((w) => (
            <WorkloadTable key={w.component} w={w} onLogs={onLogs} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function CronHead({ w }: { w: Workload }) {
  return (
    <span className="small" data-testid="cron-schedule">
      schedule <code>{w.schedule || '—'}</code> · last run {when(w.last_schedule_at)} · last success{' '}
      {when(w.last_successful_at)}
    </span>
  );
}

function EventList({ events }: { events: WorkloadEvent[] }) {
  if (events.length === 0) return null;
  return (
    <ul className="small workload-events" data-testid="workload-events">
      {events.map((e) => (
        <li key={`${e.object}:${e.reason}:${e.last_seen ?? ''}`} data-type={e.type}>
          <span className={`label ${e.type === 'Warning' ? 'label-danger' : ''}`}>{e.reason}</span>{' '}
          <span className="mono">{e.object}</span> {e.message}
          {e.count > 1 ? ` (×${e.count})` : ''} <span className="muted">{when(e.last_seen)}</span>
        </li>
      ))}
    </ul>
  );
}

function WorkloadTable({ w, onLogs }: { w: Workload; onLogs: (instance: string) => void }) {
  const ok = w.ready >= w.desired;
  const cron = w.kind === 'CronJob';
  return (
    <div className="workload" data-testid="workload" data-component={w.component}>
      <div className="workload-head">
        <strong>{w.component}</strong> <span className="label small">{w.kind}</span>{' '}
        {cron ? (
          <CronHead w={w} />
        ) : (
          <span className={ok ? 'check-pass' : 'check-fail'} data-testid="workload-ready">
            {w.ready}/{w.desired} ready
          </span>
        )}
      </div>
      <EventList events={w.events} />
      <table className="table">
        <thead>
          <tr>
            <th>{cron ? 'Last runs' : 'Instance'}</th>
            <th>State</th>
            <th>Restarts</th>
            <th>Started</th>
            <th>Deployment</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {w.instances.map((i) => (
            <InstanceRow key={i.name} i={i} onLogs={onLogs} />
          ))}
          {w.instances.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                {cron ? 'No runs yet.' : 'No instances.'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function InstanceRow({ i, onLogs }: { i: WorkloadInstance; onLogs: (instance: string) => void }) {
  const healthy = healthyState(i.state);
  return (
    <tr data-testid="instance" data-instance={i.name} data-state={i.state}>
      <td className="mono small">{i.name}</td>
      <td>
        <span className={`label ${healthy ? 'label-production' : 'label-danger'}`}>{i.state}</span>
      </td>
      <td className={i.restarts > 0 ? 'strong' : undefined}>{i.restarts}</td>
      <td className="small">{i.started_at_ms ? formatTime(new Date(i.started_at_ms)) : '—'}</td>
      <td className="mono small">{i.deployment_id || '—'}</td>
      <td className="nowrap">
        {i.url ? (
          <a
            href={i.url}
            target="_blank"
            rel="noreferrer"
            className="btn btn-sm"
            data-testid="instance-open"
            title={i.url}
          >
            open
          </a>
        ) : null}{' '}
        <button type="button" className="btn btn-sm" onClick={() => onLogs(i.name)}>
          logs
        </button>
      </td>
    </tr>
  );
}

interface LogsProps {
  slug: string;
  cluster: string;
  instance: string;
  onClose: () => void;
}

function LogsViewer({ slug, cluster, instance, onClose }: LogsProps) {
  const logs = useLoad(
    () => api.instanceLogs(slug, cluster, instance, 200),
    `logs:${slug}:${cluster}:${instance}`,
  );
  const [follow, setFollow] = useState(false);
  useEffect(() => {
    if (!follow) return undefined;
    const timer = window.setInterval(logs.reload, 2000);
    return () => window.clearInterval(timer);
  }, [follow, logs.reload]);
  return (
    <div className="box" data-testid="logs-viewer">
      <div className="box-header box-header-actions">
        <span>
          Logs of <code>{instance}</code> on {cluster}{' '}
          <span className="muted small">(last 200 lines)</span>
        </span>
        <span>
          <label className="checkbox-row small">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />{' '}
            follow
          </label>{' '}
          <button type="button" className="btn btn-sm" onClick={logs.reload}>
            Refresh
          </button>{' '}
          <button type="button" className="btn btn-sm" onClick={onClose}>
            Close
          </button>
        </span>
      </div>
      <ErrorBanner error={logs.error} />
      <pre className="code-view logs-view" data-testid="logs">
        {logs.data ?? (logs.loading ? 'Loading…' : '')}
        {logs.data === '' ? <span className="muted">(no output yet)</span> : null}
      </pre>
    </div>
  );
}
