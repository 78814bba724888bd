// The alerts overview: counts, firing alerts by team and by severity (Chart.js), the groups
// (one per cluster/namespace) with their owner, and a filtered table of alerts. "Unowned" shows
// what no team owns. Live: the alerts stream reloads what is shown.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  LinearScale,
  Tooltip,
  type ChartData,
  type ChartOptions,
} from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { Link, useSearchParams } from 'react-router-dom';
import type { Page, PageParams } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { Time } from '../../components/Time';
import { useDebounced } from '../../hooks/useDebounced';
import { useLoad } from '../../hooks/useLoad';
import { usePaged } from '../../hooks/usePaged';
import { useTeamOptions } from '../../hooks/useTeams';
import * as api from '../../api';
import type { Alert, AlertFilters, AlertGroupSummary, AlertSummary } from '../../api';
import {
  AlertHeadCells,
  alertRowAttributes,
  AlertStatusBadges,
  ChoicePicker,
  groupPath,
  groupTitle,
  LiveBadge,
  useAlertStream,
} from './alertsUi';

ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip);

const kSeverityColors: Record<string, string> = {
  critical: '#a40e26',
  error: '#d1242f',
  warning: '#d4a72c',
  info: '#54aeff',
};
const kSeverityOrder = ['critical', 'error', 'warning', 'info'];

const kBarOptions: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: { legend: { display: false } },
  scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
};

function byTeamChart(summary: AlertSummary) {
  const entries = Object.entries(summary.by_team ?? {}).sort((a, b) => b[1] - a[1]);
  return {
    labels: entries.map(([team]) => team || 'unowned'),
    datasets: [{ label: 'firing', data: entries.map(([, n]) => n), backgroundColor: '#cf222e' }],
  };
}

function bySeverityChart(summary: AlertSummary) {
  const rank = (s: string) => {
    const i = kSeverityOrder.indexOf(s);
    return i < 0 ? kSeverityOrder.length : i;
  };
  const entries = Object.entries(summary.by_severity ?? {}).sort(
    (a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]),
  );
  return {
    labels: entries.map(([s]) => s || 'none'),
    datasets: [
      {
        label: 'firing',
        data: entries.map(([, n]) => n),
        backgroundColor: entries.map(([s]) => kSeverityColors[s] ?? '#8c959f'),
      },
    ],
  };
}

function Stat(props: { title: string; value: number | undefined; id: string; to?: string }) {
  const body = (
    <>
      <div className="stat-num" data-testid={`alerts-count-${props.id}`}>
        {props.value ?? '—'}
      </div>
      <div className="stat-title">{props.title}</div>
    </>
  );
  return (
    <div className={`stat stat-${props.id}`}>
      {props.to ? <Link to={props.to}>{body}</Link> : body}
    </div>
  );
}

function ChartBox(props: {
  testId: string;
  title: string;
  counts: Record<string, number> | undefined;
  chart: () => ChartData<'bar'>;
}) {
  return (
    <div className="box chart-box" data-testid={props.testId}>
      <div className="box-header">
        <strong>{props.title}</strong>
      </div>
      {Object.keys(props.counts ?? {}).length > 0 ? (
        <div className="alerts-chart-area">
          <Bar data={props.chart()} options={kBarOptions} />
        </div>
      ) : (
        <div className="empty">Nothing firing.</div>
      )}
    </div>
  );
}

function Charts({ summary }: { summary: AlertSummary }) {
  return (
    <div className="chart-grid">
      <ChartBox
        testId="chart-by-team"
        title="Firing by team"
        counts={summary.by_team}
        chart={() => byTeamChart(summary)}
      />
      <ChartBox
        testId="chart-by-severity"
        title="Firing by severity"
        counts={summary.by_severity}
        chart={() => bySeverityChart(summary)}
      />
    </div>
  );
}

function GroupsBox(props: { groups: AlertGroupSummary[]; unowned: boolean; loading: boolean }) {
  const { groups, unowned } = props;
  return (
    <div className="box" data-testid="alert-groups">
      <div className="box-header">
        <strong>{unowned ? 'Unowned groups' : 'Groups'}</strong>{' '}
        <span className="muted small">one per cluster and namespace</span>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Cluster / namespace</th>
            <th>Owner team</th>
            <th>Project</th>
            <th className="num">Firing</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr
              key={g.group}
              data-testid="alert-group-row"
              data-group={g.group}
              data-team={g.team}
              data-namespace={g.namespace}
            >
              <td>
                <Link to={groupPath(g.cluster, g.namespace)}>
                  {groupTitle(g.cluster, g.namespace)}
                </Link>
              </td>
              <td>
                {g.team ? (
                  <Link to={`/teams/${encodeURIComponent(g.team)}`}>{g.team}</Link>
                ) : (
                  <span className="label label-danger">unowned</span>
                )}
              </td>
              <td>
                {g.project ? (
                  <Link to={`/projects/${encodeURIComponent(g.project)}`}>{g.project}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="num" data-testid="group-firing">
                {g.firing}
              </td>
            </tr>
          ))}
          {groups.length === 0 && !props.loading ? (
            <tr>
              <td colSpan={4} className="muted">
                {unowned ? 'Every alerting namespace has an owner.' : 'No alerts yet.'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** One row per alert: severity, name and summary, group, team, state, since. */
export function AlertsTable(props: { alerts: Alert[]; loading: boolean; hideGroup?: boolean }) {
  return (
    <table className="table" data-testid="alerts-table">
      <thead>
        <tr>
          <th>Severity</th>
          <th>Alert</th>
          {props.hideGroup ? null : <th>Group</th>}
          {props.hideGroup ? null : <th>Team</th>}
          <th>State</th>
          <th className="col-time">Since</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map((a) => (
          <tr key={a.fingerprint} {...alertRowAttributes(a, 'alert-row')}>
            <AlertHeadCells alert={a} />
            {props.hideGroup ? null : (
              <td>
                <Link to={groupPath(a.cluster, a.namespace)}>
                  {groupTitle(a.cluster, a.namespace)}
                </Link>
              </td>
            )}
            {props.hideGroup ? null : (
              <td>{a.team || <span className="label label-danger">unowned</span>}</td>
            )}
            <td>
              <AlertStatusBadges alert={a} />
            </td>
            <td className="col-time">
              <Time value={a.starts_at || a.first_seen} />
            </td>
          </tr>
        ))}
        {props.alerts.length === 0 && !props.loading ? (
          <tr>
            <td colSpan={props.hideGroup ? 4 : 6} className="muted" data-testid="alerts-empty">
              No alerts match.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

function Filters(props: {
  filters: AlertFilters;
  namespaceText: string;
  onNamespace: (text: string) => void;
  set: (key: keyof AlertFilters, value: string) => void;
}) {
  const teams = useTeamOptions();
  const { filters, set } = props;
  return (
    <div className="filters">
      <label className="picker">
        <span>Team</span>
        <select
          id="alerts-team"
          className="form-control"
          value={filters.team ?? ''}
          onChange={(e) => set('team', e.target.value)}
        >
          <option value="">all teams</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="picker">
        <span>Namespace</span>
        <input
          id="alerts-namespace"
          className="form-control"
          placeholder="any"
          value={props.namespaceText}
          onChange={(e) => props.onNamespace(e.target.value)}
        />
      </label>
      <ChoicePicker
        id="alerts-severity"
        label="Severity"
        value={filters.severity}
        choices={api.kSeverities}
        onChange={(v) => set('severity', v)}
      />
      <ChoicePicker
        id="alerts-state"
        label="State"
        value={filters.state}
        choices={api.kAlertStates}
        onChange={(v) => set('state', v)}
      />
    </div>
  );
}

export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const filters: AlertFilters = {
    team: params.get('team') ?? '',
    namespace: params.get('namespace') ?? '',
    severity: params.get('severity') ?? '',
    state: params.get('state') ?? '',
    project: params.get('project') ?? '',
  };
  const unowned = filters.state === 'unowned';
  const [namespaceText, setNamespaceText] = useState(filters.namespace ?? '');
  const namespace = useDebounced(namespaceText, 300);

  const set = useCallback(
    (key: keyof AlertFilters, value: string) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );
  // The debounced namespace text goes into the URL when it changes (not when the URL does).
  const latest = useRef({ params, set });
  latest.current = { params, set };
  useEffect(() => {
    const { params, set } = latest.current;
    if (namespace !== (params.get('namespace') ?? '')) set('namespace', namespace);
  }, [namespace]);

  const key = JSON.stringify(filters);
  const summary = useLoad(() => api.alertSummary(), 'alerts-summary');
  const alerts = usePaged<Alert>(
    (page: PageParams): Promise<Page<Alert>> => api.listAlerts(filters, { ...page, limit: 50 }),
    key,
  );
  const reloadSummary = summary.reload;
  const reloadAlerts = alerts.reload;
  const live = useAlertStream(() => {
    reloadSummary();
    reloadAlerts();
  });

  const groups = useMemo(() => {
    const all = summary.data?.groups ?? [];
    return all.filter(
      (g) =>
        (!unowned || !g.team) &&
        (!filters.team || g.team === filters.team) &&
        (!filters.project || g.project === filters.project) &&
        (!filters.namespace || g.namespace.includes(filters.namespace)),
    );
  }, [summary.data, unowned, filters.team, filters.project, filters.namespace]);

  const tabTo = (state: string) => {
    const next = new URLSearchParams(params);
    if (state) next.set('state', state);
    else next.delete('state');
    const qs = next.toString();
    return qs ? `/alerts?${qs}` : '/alerts';
  };
  const s = summary.data;

  return (
    <div>
      <div className="page-head">
        <h1>Alerts</h1>
        <LiveBadge live={live} />
      </div>
      <nav className="tabs" aria-label="Alerts">
        <Link
          to={tabTo('')}
          className={!unowned ? 'active' : undefined}
          aria-current={!unowned ? 'page' : undefined}
        >
          All
        </Link>
        <Link
          to={tabTo('unowned')}
          className={unowned ? 'active' : undefined}
          aria-current={unowned ? 'page' : undefined}
          data-testid="alerts-tab-unowned"
        >
          Unowned
          {s && s.unowned > 0 ? <span className="counter">{s.unowned}</span> : null}
        </Link>
      </nav>
      <ErrorBanner error={summary.error} />
      <div className="stat-row" data-testid="alerts-counts">
        <Stat id="firing" title="firing" value={s?.firing} to={tabTo('firing')} />
        <Stat id="acknowledged" title="acknowledged" value={s?.acknowledged} />
        <Stat id="silenced" title="silenced" value={s?.silenced} />
        <Stat id="unowned" title="unowned" value={s?.unowned} to={tabTo('unowned')} />
        <Stat id="resolved" title="resolved in the last day" value={s?.resolved_last_day} />
      </div>
      {s ? <Charts summary={s} /> : null}
      <GroupsBox groups={groups} unowned={unowned} loading={summary.loading && !s} />
      <Filters
        filters={filters}
        namespaceText={namespaceText}
        onNamespace={setNamespaceText}
        set={set}
      />
      {filters.project ? (
        <p className="small">
          Project <strong>{filters.project}</strong>{' '}
          <button type="button" className="link-button" onClick={() => set('project', '')}>
            show all projects
          </button>
        </p>
      ) : null}
      <ErrorBanner error={alerts.error} />
      <div className="box scroll-x">
        <AlertsTable alerts={alerts.items} loading={alerts.loading} />
      </div>
      <LoadMore cursor={alerts.nextCursor} loading={alerts.loading} onClick={alerts.loadMore} />
    </div>
  );
}
