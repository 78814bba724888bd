// Deploy metrics per project, team or the whole platform over a period: deployments (succeeded,
// failed, rolled back), failure rate and the DORA numbers, as charts (Chart.js) and a table.
import { useMemo, useState } from 'react';
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { Bar } from 'react-chartjs-2';
import * as api from '../../api';
import type { DeployMetrics } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { DeploymentsNav } from './DeploymentsNav';
import { formatDuration, formatPercent } from './deployUi';

ChartJS.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type GroupBy = 'project' | 'team' | 'platform';
const kPeriods = [
  { id: '7d', title: 'Last 7 days', days: 7 },
  { id: '30d', title: 'Last 30 days', days: 30 },
  { id: '90d', title: 'Last 90 days', days: 90 },
];

const kStackedOptions: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  scales: {
    x: { stacked: true },
    y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
  },
};

const kRateOptions: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } } },
};

function countsChart(items: DeployMetrics[]) {
  return {
    labels: items.map((m) => m.key),
    datasets: [
      {
        label: 'succeeded',
        data: items.map((m) => m.succeeded),
        backgroundColor: '#2da44e',
      },
      { label: 'failed', data: items.map((m) => m.failed), backgroundColor: '#cf222e' },
      {
        label: 'rolled back',
        data: items.map((m) => m.rolled_back),
        backgroundColor: '#bf8700',
      },
      {
        label: 'other',
        data: items.map((m) => Math.max(0, m.deployments - m.succeeded - m.failed - m.rolled_back)),
        backgroundColor: '#8c959f',
      },
    ],
  };
}

/** A rate as a percentage with one decimal; null (no deployments) stays a gap in the chart. */
function percentOrNull(rate: number | null): number | null {
  return rate === null ? null : +(rate * 100).toFixed(1);
}

function ratesChart(items: DeployMetrics[]) {
  return {
    labels: items.map((m) => m.key),
    datasets: [
      {
        label: 'failure rate',
        data: items.map((m) => percentOrNull(m.failure_rate)),
        backgroundColor: '#cf222e',
      },
      {
        label: 'change failure rate (production)',
        data: items.map((m) => percentOrNull(m.dora.change_failure_rate)),
        backgroundColor: '#fb8f44',
      },
    ],
  };
}

const kPlainOptions: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  scales: { y: { beginAtZero: true } },
};

const hours = (ms: number | null) => (ms === null ? null : +(ms / 3_600_000).toFixed(2));

function frequencyChart(items: DeployMetrics[]) {
  return {
    labels: items.map((m) => m.key),
    datasets: [
      {
        label: 'successful production deploys per day',
        data: items.map((m) => +m.dora.deployment_frequency_per_day.toFixed(2)),
        backgroundColor: '#0969da',
      },
    ],
  };
}

function leadTimeChart(items: DeployMetrics[]) {
  return {
    labels: items.map((m) => m.key),
    datasets: [
      {
        label: 'lead time p50 (h)',
        data: items.map((m) => hours(m.dora.lead_time_p50_ms)),
        backgroundColor: '#8250df',
      },
      {
        label: 'recovery time p50 (h)',
        data: items.map((m) => hours(m.dora.recovery_time_p50_ms)),
        backgroundColor: '#bf8700',
      },
    ],
  };
}

export function MetricsPage() {
  const [groupBy, setGroupBy] = useState<GroupBy>('project');
  const [period, setPeriod] = useState('30d');
  const [environment, setEnvironment] = useState('');
  const range = useMemo(() => {
    const days = kPeriods.find((p) => p.id === period)?.days ?? 30;
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    return { from: from.toISOString(), to: to.toISOString() };
  }, [period]);
  const metrics = useLoad(
    () =>
      api.deploymentMetrics({ group_by: groupBy, environment: environment || undefined, ...range }),
    `metrics:${groupBy}:${period}:${environment}`,
  );
  const environments = useLoad(() => api.listEnvironments(), 'environments');
  const items = metrics.data?.items ?? [];

  return (
    <div>
      <DeploymentsNav />
      <div className="page-head">
        <h1>Deploy metrics</h1>
      </div>
      <div className="filters">
        <label className="picker">
          <span>Group by</span>
          <select
            id="metrics-group"
            className="form-control"
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value as GroupBy)}
          >
            <option value="project">project</option>
            <option value="team">team</option>
            <option value="platform">platform</option>
          </select>
        </label>
        <label className="picker">
          <span>Period</span>
          <select
            id="metrics-period"
            className="form-control"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
          >
            {kPeriods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          <span>Environment</span>
          <select
            id="metrics-env"
            className="form-control"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value)}
          >
            <option value="">all</option>
            {(environments.data?.items ?? []).map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={metrics.error} />
      {items.length === 0 && !metrics.loading ? (
        <div className="blankslate box">No deployments in this period.</div>
      ) : null}
      {items.length > 0 ? (
        <>
          <div className="chart-grid">
            <div className="box chart-box" data-testid="chart-deploys">
              <div className="box-header">
                <strong>Deployments per {groupBy}</strong>
              </div>
              <div className="chart-area">
                <Bar data={countsChart(items)} options={kStackedOptions} />
              </div>
            </div>
            <div className="box chart-box" data-testid="chart-failures">
              <div className="box-header">
                <strong>Failure rate</strong>
              </div>
              <div className="chart-area">
                <Bar data={ratesChart(items)} options={kRateOptions} />
              </div>
            </div>
            <div className="box chart-box" data-testid="chart-frequency">
              <div className="box-header">
                <strong>DORA: deployment frequency</strong>
              </div>
              <div className="chart-area">
                <Bar data={frequencyChart(items)} options={kPlainOptions} />
              </div>
            </div>
            <div className="box chart-box" data-testid="chart-lead-time">
              <div className="box-header">
                <strong>DORA: lead time and recovery time</strong>
              </div>
              <div className="chart-area">
                <Bar data={leadTimeChart(items)} options={kPlainOptions} />
              </div>
            </div>
          </div>
          <div className="box scroll-x">
            <table className="table" data-testid="metrics-table">
              <thead>
                <tr>
                  <th>{groupBy}</th>
                  <th>Deployments</th>
                  <th>Succeeded</th>
                  <th>Failed</th>
                  <th>Rolled back</th>
                  <th>Duration p50 / p90</th>
                  <th>Failure rate</th>
                  <th title="Successful production deploys per day">Deploy frequency</th>
                  <th title="Commit → production success, median">Lead time</th>
                  <th title="Production deploys that failed or were rolled back">Change failure</th>
                  <th title="Failed deploy → next success, median">Recovery</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.key} data-testid="metrics-row" data-key={m.key}>
                    <td>{m.key}</td>
                    <td data-testid="metrics-deployments">{m.deployments}</td>
                    <td>{m.succeeded}</td>
                    <td>{m.failed}</td>
                    <td>{m.rolled_back}</td>
                    <td>
                      {formatDuration(m.duration_p50_ms)} / {formatDuration(m.duration_p90_ms)}
                    </td>
                    <td>{formatPercent(m.failure_rate)}</td>
                    <td>{m.dora.deployment_frequency_per_day.toFixed(2)}/day</td>
                    <td>{formatDuration(m.dora.lead_time_p50_ms)}</td>
                    <td>{formatPercent(m.dora.change_failure_rate)}</td>
                    <td>{formatDuration(m.dora.recovery_time_p50_ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
