// What runs where: a project × cluster matrix of the latest deployment (short digest, state,
// when), for every project or one team's.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { OverviewEntry } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useTeamOptions } from '../../hooks/useTeams';
import { DeploymentsNav } from './DeploymentsNav';
import { shortDigest, StateBadge, useDeployRefresh } from './deployUi';

interface Matrix {
  projects: string[];
  clusters: { name: string; environment: string; region: string }[];
  cell: Map<string, OverviewEntry>;
}

function matrixOf(items: OverviewEntry[]): Matrix {
  const projects = [...new Set(items.map((i) => i.project))].sort();
  const clusterMap = new Map<string, { name: string; environment: string; region: string }>();
  for (const i of items) {
    if (!clusterMap.has(i.cluster)) {
      clusterMap.set(i.cluster, { name: i.cluster, environment: i.environment, region: i.region });
    }
  }
  const clusters = [...clusterMap.values()].sort((a, b) =>
    a.environment === b.environment
      ? a.name.localeCompare(b.name)
      : a.environment.localeCompare(b.environment),
  );
  const cell = new Map(items.map((i) => [`${i.project}\n${i.cluster}`, i]));
  return { projects, clusters, cell };
}

export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const team = params.get('team') ?? '';
  const teams = useTeamOptions();
  const overview = useLoad(() => api.deploymentsOverview(team || undefined), `overview:${team}`);
  useDeployRefresh(overview.reload, false);
  const m = useMemo(() => matrixOf(overview.data?.items ?? []), [overview.data]);

  return (
    <div>
      <DeploymentsNav />
      <div className="page-head">
        <h1>What runs where</h1>
      </div>
      <div className="filters">
        <label className="picker">
          <span>Team</span>
          <select
            id="overview-team"
            className="form-control"
            value={team}
            onChange={(e) =>
              setParams(e.target.value ? { team: e.target.value } : {}, { replace: true })
            }
          >
            <option value="">all teams</option>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={overview.error} />
      <div className="box scroll-x">
        <table className="table overview-matrix" data-testid="overview">
          <thead>
            <tr>
              <th>Project</th>
              {m.clusters.map((c) => (
                <th key={c.name}>
                  {c.name}
                  <div className="muted small">
                    {c.environment} · {c.region}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.projects.map((p) => (
              <tr key={p} data-testid="overview-row" data-project={p}>
                <td>
                  <Link to={`/projects/${p}?tab=deployments`}>{p}</Link>
                </td>
                {m.clusters.map((c) => {
                  const e = m.cell.get(`${p}\n${c.name}`);
                  return (
                    <td key={c.name} data-cluster={c.name} data-state={e?.state ?? ''}>
                      {e ? (
                        <>
                          <div className="mono small" title={e.digest}>
                            {shortDigest(e.digest)}
                          </div>
                          <StateBadge state={e.state} />
                          <div className="small muted">
                            <Time value={e.finished_at} />
                          </div>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {m.projects.length === 0 && !overview.loading ? (
              <tr>
                <td className="muted">Nothing deployed{team ? ' for this team' : ''} yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
