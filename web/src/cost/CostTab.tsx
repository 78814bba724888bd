// A project's or a team's cost: daily chart, the period's total, month-to-date and forecast.
import { useState } from 'react';
import { Bar } from 'react-chartjs-2';
import * as api from '../api';
import { ErrorBanner } from '../components/Field';
import { useLoad } from '../hooks/useLoad';
import { kStackedDollars, stackedDaily } from './costCharts';
import { MonthPicker } from './MonthPicker';

export function CostTab({ team, project }: { team?: string; project?: string }) {
  const [month, setMonth] = useState(api.monthOr(null));
  const { from, to } = api.monthRange(month);
  const filter = team ? `team:${team}` : `project:${project}`;
  const view = useLoad(
    () => api.costView({ group_by: 'day,service', from, to, filter }),
    `cost:${filter}:${month}`,
  );
  const data = view.data;
  return (
    <section className="box" data-testid="cost-tab">
      <div className="box-header">
        <h2>Cost</h2>
        <MonthPicker month={month} onChange={setMonth} />
      </div>
      <ErrorBanner error={view.error} />
      {data ? (
        <>
          <dl className="props props-inline">
            <dt>Billed</dt>
            <dd data-testid="cost-billed">{api.dollars(data.total.billed)}</dd>
            <dt>Effective</dt>
            <dd data-testid="cost-effective">{api.dollars(data.total.effective)}</dd>
            <dt>{data.month.month} to date</dt>
            <dd data-testid="cost-month-to-date">{api.dollars(data.month.to_date)}</dd>
            <dt>Forecast</dt>
            <dd data-testid="cost-forecast">{api.dollars(data.month.forecast)}</dd>
          </dl>
          {data.groups.length === 0 ? (
            <div className="blankslate">No cost in {month}.</div>
          ) : (
            <div className="chart-area">
              <Bar
                data={stackedDaily(data.groups, 'service', from, to)}
                options={kStackedDollars}
              />
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
