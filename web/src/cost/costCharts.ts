// Chart.js data for the cost pages: daily cost stacked by a second dimension, and a plain daily
// series.
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import type { CostGroup } from '../api';

ChartJS.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const kColors = ['#0969da', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#1b7c83', '#e16f24'];
const kUnownedColor = '#8c959f';

export const kStackedDollars: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  scales: {
    x: { stacked: true },
    y: { stacked: true, beginAtZero: true, ticks: { callback: (v) => `$${v}` } },
  },
};

/** The name a group's value shows under; team "" is the unowned cost. */
export function keyLabel(dimension: string, value: string) {
  if (value) return value;
  return dimension === 'team' ? 'unowned' : '(none)';
}

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string) {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to;) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** Groups of `group_by=day,<dimension>` as one stacked dataset per value of the dimension. */
export function stackedDaily(groups: CostGroup[], dimension: string, from: string, to: string) {
  const days = daysOf(from, to);
  const series = new Map<string, number[]>();
  for (const g of groups) {
    const label = keyLabel(dimension, g.keys[dimension] ?? '');
    if (!series.has(label))
      series.set(
        label,
        days.map(() => 0),
      );
    const at = days.indexOf(g.keys.day ?? '');
    if (at >= 0) series.get(label)![at] += g.effective_nanos / 1e9;
  }
  const labels = [...series.keys()].sort((a, b) =>
    a === 'unowned' ? 1 : b === 'unowned' ? -1 : a.localeCompare(b),
  );
  return {
    labels: days.map((d) => d.slice(5)),
    datasets: labels.map((label, i) => ({
      label,
      data: series.get(label)!,
      backgroundColor: label === 'unowned' ? kUnownedColor : kColors[i % kColors.length],
    })),
  };
}

/** Per-value totals of `group_by=day,<dimension>` groups for days in [from, to]. */
export function totalsBetween(groups: CostGroup[], dimension: string, from: string, to: string) {
  const out = new Map<string, number>();
  for (const g of groups) {
    const day = g.keys.day ?? '';
    if (day < from || day > to) continue;
    const label = keyLabel(dimension, g.keys[dimension] ?? '');
    out.set(label, (out.get(label) ?? 0) + g.effective_nanos);
  }
  return out;
}
