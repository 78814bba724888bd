// Cost (docs/cost.md): spend grouped by owner, service, account or day with month-to-date and
// forecast, the unowned lines, and the bill imports.
import { call, http, query, type Answer } from './http';

export type CostView = Answer<'/api/v1/cost', 'get'>;
export type CostGroup = CostView['groups'][number];
export type CostUnowned = Answer<'/api/v1/cost/unowned', 'get'>;

export interface CostParams {
  /** One or two of team, project, namespace, service, account, day ("day,team"). */
  group_by?: string;
  from?: string;
  to?: string;
  /** "team:chat,project:x"; team:unowned is the unowned cost. */
  filter?: string;
}

export function costView(params: CostParams) {
  return call(http.GET('/api/v1/cost', { params: { query: query({ ...params }) } }));
}

export function costUnowned(params: CostParams) {
  return call(http.GET('/api/v1/cost/unowned', { params: { query: query({ ...params }) } }));
}

/** The first and last day of a month "YYYY-MM". */
export function monthRange(month: string) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** A day "YYYY-MM-DD" moved by `days`. */
export function addDays(day: string, days: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "$1,234.56" from the API's decimal string. */
export function dollars(amount: string | undefined) {
  if (amount === undefined) return '—';
  const n = Number(amount);
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `param` when it is a month "YYYY-MM", else this month (UTC). */
export function monthOr(param: string | null | undefined) {
  return param && /^\d{4}-\d{2}$/.test(param) ? param : new Date().toISOString().slice(0, 7);
}
