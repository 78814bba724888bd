// A team's budget of this month against its actual and forecast spend: two bars, the budget the
// full width. Shown on the Cost page and the budgets page; `team` unset shows every budget the
// caller may see.
import * as api from '../api';
import type { Budget } from '../api';
import { ErrorBanner } from '../components/Field';
import { useLoad } from '../hooks/useLoad';

function usd(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function Bar({ label, value, percent }: { label: string; value: number; percent: number }) {
  const over = percent >= 100;
  const warn = percent >= 80;
  const color = over ? '#cf222e' : warn ? '#bf8700' : '#1a7f37';
  return (
    <div className="small" data-testid={`budget-${label}`}>
      <div>
        {label}: {usd(value)} USD ({percent} %)
      </div>
      <div style={{ background: '#eaeef2', height: 8, borderRadius: 4 }}>
        <div
          style={{
            width: `${Math.min(100, percent)}%`,
            background: color,
            height: 8,
            borderRadius: 4,
          }}
        />
      </div>
    </div>
  );
}

export function BudgetBars({ budget }: { budget: Budget }) {
  return (
    <div className="box-body" data-testid="budget-bars" data-team={budget.team}>
      <p>
        <strong>{budget.team}</strong> · {budget.month}: budget{' '}
        <span data-testid="budget-amount">{usd(budget.amount)}</span> USD
        <span className="muted small">
          {' '}
          (since {budget.since}, set by {budget.set_by})
        </span>
      </p>
      <Bar label="actual" value={budget.actual} percent={budget.actual_percent} />
      <Bar label="forecast" value={budget.forecast} percent={budget.forecast_percent} />
    </div>
  );
}

export function BudgetPanel({ team }: { team?: string }) {
  const budgets = useLoad(() => api.listBudgets({ team }), `budgets:${team ?? ''}`);
  const items = budgets.data?.items ?? [];
  return (
    <section className="box" data-testid="budget-panel">
      <div className="box-header">Budget</div>
      <ErrorBanner error={budgets.error} />
      {items.map((b) => (
        <BudgetBars key={b.team} budget={b} />
      ))}
      {items.length === 0 && !budgets.loading ? (
        <div className="box-body muted small" data-testid="budget-none">
          No budget this month{team ? ` for ${team}` : ''}.
        </div>
      ) : null}
    </section>
  );
}
