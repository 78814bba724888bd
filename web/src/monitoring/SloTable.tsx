// The SLOs of a namespace's services: per SLI the objective, how much of the error budget the
// SLO window has left and how fast the last hour burns it (1× spends it exactly in the window).
import type * as api from '../api';

type Budget = api.GoldenSignals['slos'][number]['availability'];

// Ratios computed from rates carry float noise (1 − 0.99/0.99 is −1e-16): nothing below this
// counts as spent or burning.
const kEpsilon = 1e-9;

function percent(v: number | null, digits = 1) {
  if (v === null) return '—';
  return `${(Math.abs(v) < kEpsilon ? 0 : v * 100).toFixed(digits)} %`;
}

function Row({ service, sli, b }: { service: string; sli: string; b: Budget }) {
  const spent = b.budget_remaining !== null && b.budget_remaining < -kEpsilon;
  const burning = b.burn_rate_1h !== null && b.burn_rate_1h > 1 + kEpsilon;
  return (
    <tr data-testid={`slo-${service}-${sli}`}>
      <td className="mono">{service}</td>
      <td>{sli}</td>
      <td>{b.objective} %</td>
      <td>{percent(b.bad_ratio, 3)}</td>
      <td className={spent ? 'text-danger' : ''} data-testid={`slo-remaining-${service}-${sli}`}>
        {b.budget_remaining === null ? 'no requests' : percent(b.budget_remaining)}
      </td>
      <td className={burning ? 'text-danger' : ''} data-testid={`slo-burn-${service}-${sli}`}>
        {b.burn_rate_1h === null ? '—' : `${b.burn_rate_1h.toFixed(2)}×`}
      </td>
    </tr>
  );
}

export function SloTable({ data }: { data: api.GoldenSignals }) {
  if (data.slo_error) return <div className="muted small">SLOs: {data.slo_error}</div>;
  if (data.slos.length === 0) {
    return <div className="muted small">No requests recorded: no SLO to measure yet.</div>;
  }
  return (
    <table className="table" data-testid="slo-table">
      <thead>
        <tr>
          <th>Service</th>
          <th>SLI</th>
          <th>Objective</th>
          <th>Bad ({data.slo_window_days} d)</th>
          <th>Budget left</th>
          <th>Burn rate (1 h)</th>
        </tr>
      </thead>
      <tbody>
        {data.slos.map((s) => [
          <Row key={`${s.service}/a`} service={s.service} sli="availability" b={s.availability} />,
          <Row key={`${s.service}/l`} service={s.service} sli="latency" b={s.latency} />,
        ])}
      </tbody>
    </table>
  );
}
