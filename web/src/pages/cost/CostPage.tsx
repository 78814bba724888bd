// Cost across teams for a month (`?month=YYYY-MM`, default this month): daily cost stacked by
// team, totals per team with month-to-date and forecast, top movers week over week, the unowned
// cost's trend, and the budgets' slot.
import { Bar } from 'react-chartjs-2';
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import { BudgetPanel } from '../../cost/BudgetPanel';
import { MonthPicker } from '../../cost/MonthPicker';
import { kStackedDollars, keyLabel, stackedDaily, totalsBetween } from '../../cost/costCharts';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

function Movers({ groups, end }: { groups: api.CostGroup[]; end: string }) {
  const now = totalsBetween(groups, 'team', api.addDays(end, -6), end);
  const before = totalsBetween(groups, 'team', api.addDays(end, -13), api.addDays(end, -7));
  const rows = [...new Set([...now.keys(), ...before.keys()])]
    .map((team) => ({ team, now: now.get(team) ?? 0, before: before.get(team) ?? 0 }))
    .map((r) => ({ ...r, change: r.now - r.before }))
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, 5);
  const usd = (nanos: number) => api.dollars(String(nanos / 1e9));
  return (
    <section className="box" data-testid="cost-movers">
      <div className="box-header">
        <h2>Top movers, week over week</h2>
        <span className="muted">7 days to {end}</span>
      </div>
      {rows.length === 0 ? (
        <div className="blankslate">No cost in the last two weeks.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Team</th>
              <th>Previous 7 days</th>
              <th>Last 7 days</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.team} data-team={r.team}>
                <td>{r.team}</td>
                <td>{usd(r.before)}</td>
                <td>{usd(r.now)}</td>
                <td className="mono" data-testid="mover-change">
                  {r.change >= 0 ? '+' : '−'}
                  {usd(Math.abs(r.change))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TeamTable({ view, month }: { view: api.CostView; month: string }) {
  return (
    <table className="table" data-testid="cost-teams">
      <thead>
        <tr>
          <th>Team</th>
          <th>Billed</th>
          <th>Effective</th>
          <th>Month to date</th>
          <th>Forecast</th>
        </tr>
      </thead>
      <tbody>
        {view.groups.map((g) => {
          const team = keyLabel('team', g.keys.team ?? '');
          return (
            <tr key={team} data-team={team}>
              <td>
                {g.unowned ? (
                  <Link to={`/cost/unowned?month=${month}`}>unowned</Link>
                ) : (
                  <Link to={`/teams/${team}`}>{team}</Link>
                )}
              </td>
              <td>{api.dollars(g.billed)}</td>
              <td data-testid="team-effective">{api.dollars(g.effective)}</td>
              <td>{api.dollars(g.month_to_date)}</td>
              <td>{api.dollars(g.forecast)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function CostPage() {
  const [params, setParams] = useSearchParams();
  const month = api.monthOr(params.get('month'));
  const { from, to } = api.monthRange(month);
  const daily = useLoad(() => api.costView({ group_by: 'day,team', from, to }), `daily:${month}`);
  const teams = useLoad(() => api.costView({ group_by: 'team', from, to }), `teams:${month}`);
  const today = teams.data?.today ?? to;
  const end = today < to ? today : to;
  const movers = useLoad(
    () => api.costView({ group_by: 'day,team', from: api.addDays(end, -13), to: end }),
    `movers:${end}`,
  );
  const unowned = (daily.data?.groups ?? []).filter((g) => g.unowned);
  const total = teams.data?.total;

  return (
    <div>
      <div className="page-head">
        <h1>Cost</h1>
        <MonthPicker month={month} onChange={(m) => setParams({ month: m })} />
      </div>
      <ErrorBanner error={daily.error ?? teams.error ?? movers.error} />
      {teams.data ? (
        <dl className="props props-inline">
          <dt>{month} billed</dt>
          <dd data-testid="cost-billed">{api.dollars(total?.billed)}</dd>
          <dt>Effective</dt>
          <dd data-testid="cost-effective">{api.dollars(total?.effective)}</dd>
          <dt>{teams.data.month.month} to date</dt>
          <dd data-testid="cost-month-to-date">{api.dollars(teams.data.month.to_date)}</dd>
          <dt>Forecast</dt>
          <dd data-testid="cost-forecast">{api.dollars(teams.data.month.forecast)}</dd>
        </dl>
      ) : null}
      <div className="chart-grid">
        <section className="box chart-box" data-testid="chart-daily-by-team">
          <div className="box-header">
            <strong>Daily cost by team</strong>
          </div>
          <div className="chart-area">
            <Bar
              data={stackedDaily(daily.data?.groups ?? [], 'team', from, to)}
              options={kStackedDollars}
            />
          </div>
        </section>
        <section className="box chart-box" data-testid="chart-unowned">
          <div className="box-header">
            <strong>Unowned cost</strong>{' '}
            <Link to={`/cost/unowned?month=${month}`}>the lines that need an owner</Link>
          </div>
          <div className="chart-area">
            <Bar data={stackedDaily(unowned, 'team', from, to)} options={kStackedDollars} />
          </div>
        </section>
      </div>
      <section className="box">
        <div className="box-header">
          <h2>By team</h2>
        </div>
        {teams.data && teams.data.groups.length === 0 ? (
          <div className="blankslate">
            No cost in {month}. Import a bill with `paved cost import`.
          </div>
        ) : null}
        {teams.data && teams.data.groups.length > 0 ? (
          <TeamTable view={teams.data} month={month} />
        ) : null}
      </section>
      {movers.data ? <Movers groups={movers.data.groups} end={end} /> : null}
      <BudgetPanel />
    </div>
  );
}
