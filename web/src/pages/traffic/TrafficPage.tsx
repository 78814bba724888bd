// Cross-zone traffic across the platform: teams and services ranked by what their cross-zone
// bytes cost over the window (`?days=7|30|90`, default 30), unowned traffic always in.
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { kWindows, WindowPicker, windowOf } from '../../traffic/WindowPicker';

function Owner({ g }: { g: api.TrafficGroup }) {
  const team = g.keys.team ?? '';
  if (!team) return <span className="muted">unowned</span>;
  return <Link to={`/teams/${team}`}>{team}</Link>;
}

function Ranking({ title, groups, by }: { title: string; groups: api.TrafficGroup[]; by: string }) {
  return (
    <section className="box" data-testid={`traffic-by-${by}`}>
      <div className="box-header">
        <h2>{title}</h2>
      </div>
      {groups.length === 0 ? (
        <div className="blankslate">No traffic stored in this window.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              {by === 'workload' ? <th>Workload</th> : null}
              <th>Team</th>
              <th>Cross-zone</th>
              <th>Share crossing</th>
              <th>Cost</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={JSON.stringify(g.keys)} data-team={g.keys.team || 'unowned'}>
                {by === 'workload' ? (
                  <td className="mono">
                    {g.keys.project ? (
                      <Link to={`/projects/${g.keys.project}?tab=traffic`}>{g.keys.workload}</Link>
                    ) : (
                      g.keys.workload
                    )}{' '}
                    <span className="muted small">{g.keys.cluster}</span>
                  </td>
                ) : null}
                <td>
                  <Owner g={g} />
                </td>
                <td>{api.gigabytes(g.cross_zone_bytes)}</td>
                <td>{api.percent(g.share)}</td>
                <td data-testid="traffic-group-cost">{api.dollars(g.cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TrafficPage() {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = (kWindows as readonly number[]).includes(asked) ? asked : 30;
  const { from, to } = windowOf(days);
  const teams = useLoad(() => api.trafficRanking({ group_by: 'team', from, to }), `t:${days}`);
  const services = useLoad(
    () => api.trafficRanking({ group_by: 'workload', from, to }),
    `w:${days}`,
  );
  return (
    <div>
      <div className="page-head">
        <h1>Traffic</h1>
        <WindowPicker days={days} onChange={(d) => setParams({ days: String(d) })} />
      </div>
      <p className="muted">
        Bytes sent across availability zones, 0.02 USD per GB, counted to the sender's team.
        {teams.data ? (
          <>
            {' '}
            {from} to {to}: {api.gigabytes(teams.data.total.cross_zone_bytes)} across zones (
            {api.percent(teams.data.total.share)}),{' '}
            <strong data-testid="traffic-total">{api.dollars(teams.data.total.cost_usd)}</strong>.
          </>
        ) : null}
      </p>
      <ErrorBanner error={teams.error ?? services.error} />
      {teams.data ? <Ranking title="Teams" groups={teams.data.groups} by="team" /> : null}
      {services.data ? (
        <Ranking title="Services" groups={services.data.groups.slice(0, 50)} by="workload" />
      ) : null}
    </div>
  );
}
