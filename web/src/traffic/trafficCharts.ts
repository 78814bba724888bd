// Chart.js data for the traffic pages: cross-zone cost per day.
import type { TrafficScope } from '../api';
import { kStackedDollars } from '../cost/costCharts';

export const kDailyDollars = kStackedDollars;

/** The tab's days as one bar series of dollars. */
export function dailyCost(days: TrafficScope['days']) {
  return {
    labels: days.map((d) => d.day.slice(5)),
    datasets: [
      {
        label: 'cross-zone cost',
        data: days.map((d) => d.cost_nanos / 1e9),
        backgroundColor: '#0969da',
      },
    ],
  };
}
