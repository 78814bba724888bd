// A project's Monitoring tab: one namespace's golden signals (rate, errors, duration) and
// saturation from Prometheus, deployments marked on the time axis, the days until CPU, memory or
// disk run out at the current trend, the SLOs' error budgets, and the project's generated
// Grafana dashboards.
import { useState } from 'react';
import { Line } from 'react-chartjs-2';
import * as api from '../api';
import { ErrorBanner } from '../components/Field';
import { useLoad } from '../hooks/useLoad';
import { DashboardsList } from './DashboardsList';
import { clock, deployMarkers, formatValue, panelData, panelOptions } from './signalCharts';
import { SloTable } from './SloTable';

const kWindows = [
  { seconds: 3600, title: '1 hour' },
  { seconds: 6 * 3600, title: '6 hours' },
  { seconds: 24 * 3600, title: '24 hours' },
  { seconds: 7 * 86400, title: '7 days' },
] as const;

function Panel({ panel, data }: { panel: api.SignalPanel; data: api.GoldenSignals }) {
  return (
    <div className="chart-panel" data-testid={`signal-${panel.key}`}>
      <h4 title={panel.promql}>{panel.title}</h4>
      {panel.error ? (
        <div className="muted small">Prometheus: {panel.error}</div>
      ) : panel.series.length === 0 ? (
        <div className="muted small">No data in this window.</div>
      ) : (
        <div className="chart-area chart-small">
          <Line
            data={panelData(panel)}
            options={panelOptions(panel, data.window)}
            plugins={[deployMarkers(data.deploys)]}
          />
        </div>
      )}
    </div>
  );
}

function Capacity({ data }: { data: api.GoldenSignals }) {
  if (data.capacity_error) {
    return <div className="muted small">Capacity: {data.capacity_error}</div>;
  }
  if (data.capacity.length === 0) return null;
  return (
    <table className="table" data-testid="capacity">
      <thead>
        <tr>
          <th>Service</th>
          <th>Resource</th>
          <th>Used of limit</th>
          <th>Runs out in</th>
        </tr>
      </thead>
      <tbody>
        {data.capacity.map((c) => (
          <tr key={`${c.resource}/${c.service}`}>
            <td className="mono">{c.service}</td>
            <td>{c.resource}</td>
            <td>{formatValue('percentunit', c.used)}</td>
            <td data-testid={`days-left-${c.service}-${c.resource}`}>
              {c.days_left === null ? 'not growing' : `${c.days_left.toFixed(1)} days`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Deploys({ deploys }: { deploys: api.GoldenSignals['deploys'] }) {
  if (deploys.length === 0) return null;
  return (
    <p className="small muted" data-testid="deploy-markers">
      Dashed lines mark deployments:{' '}
      {deploys.map((d, i) => (
        <span key={d.id}>
          {i > 0 ? ', ' : ''}
          {clock(d.time)} {d.environment} {d.rollback ? 'rollback ' : ''}({d.state})
        </span>
      ))}
    </p>
  );
}

export function MonitoringTab({ project }: { project: string }) {
  const [seconds, setSeconds] = useState(6 * 3600);
  const [target, setTarget] = useState('');
  const [cluster, ns] = target ? target.split('/') : [undefined, undefined];
  const view = useLoad(() => {
    const to = Math.floor(Date.now() / 1000);
    return api.projectSignals(project, { cluster, namespace: ns, from: to - seconds, to });
  }, `signals:${project}:${seconds}:${target}`);
  const data = view.data;
  // Every panel failing (Prometheus down or refusing the credentials) is said once.
  const unreachable =
    data && data.panels.length > 0 && data.panels.every((p) => p.error)
      ? data.panels[0].error
      : null;
  const groups = [
    { id: 'red', title: 'Rate, errors, duration' },
    { id: 'saturation', title: 'Saturation' },
  ];
  return (
    <section className="box" data-testid="monitoring-tab">
      <div className="box-header">
        <h2>Monitoring</h2>
        {data && data.targets.length > 1 ? (
          <select
            value={`${data.cluster}/${data.namespace}`}
            onChange={(e) => setTarget(e.target.value)}
            data-testid="monitoring-target"
          >
            {data.targets.map((t) => (
              <option key={`${t.cluster}/${t.namespace}`} value={`${t.cluster}/${t.namespace}`}>
                {t.namespace} on {t.cluster}
              </option>
            ))}
          </select>
        ) : null}
        <label className="small">
          Last{' '}
          <select
            value={seconds}
            onChange={(e) => setSeconds(Number(e.target.value))}
            data-testid="monitoring-window"
          >
            {kWindows.map((w) => (
              <option key={w.seconds} value={w.seconds}>
                {w.title}
              </option>
            ))}
          </select>
        </label>
        {data?.dashboard_url ? (
          <a href={data.dashboard_url} target="_blank" rel="noreferrer">
            Grafana dashboard
          </a>
        ) : null}
      </div>
      <ErrorBanner error={view.error} />
      {data && data.cluster === null ? (
        <div className="blankslate">
          No namespace to monitor yet: deploy the project to a cluster first.
        </div>
      ) : null}
      {data && data.cluster !== null && !data.prometheus_configured ? (
        <div className="blankslate" data-testid="no-prometheus">
          No Prometheus is configured: set <code>monitoring.prometheus_url</code> in Paved&apos;s
          config file (docs/monitoring.md) to see {data.namespace}&apos;s signals here.
        </div>
      ) : null}
      {unreachable ? (
        <div className="flash flash-error" data-testid="prometheus-error">
          Prometheus answered no query: {unreachable}
        </div>
      ) : null}
      {data && data.panels.length > 0 && !unreachable ? (
        <>
          <p className="small muted">
            {data.namespace} on {data.cluster}
          </p>
          <Deploys deploys={data.deploys} />
          {groups.map((g) => (
            <div key={g.id}>
              <h3>{g.title}</h3>
              <div className="chart-grid">
                {data.panels
                  .filter((p) => p.group === g.id)
                  .map((p) => (
                    <Panel key={p.key} panel={p} data={data} />
                  ))}
              </div>
            </div>
          ))}
          <h3>SLOs</h3>
          <SloTable data={data} />
          <h3>Capacity</h3>
          <Capacity data={data} />
        </>
      ) : null}
      <h3>Grafana dashboards</h3>
      <DashboardsList project={project} />
    </section>
  );
}
