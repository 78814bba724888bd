// Chart.js data for the Monitoring tab: one line per service over unix seconds, with the
// window's deployments drawn as vertical markers on the time axis.
import {
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
  type Plugin,
} from 'chart.js';
import type { GoldenSignals, SignalPanel } from '../api';

ChartJS.register(CategoryScale, LinearScale, LineElement, PointElement, Legend, Tooltip);

const kColors = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#57606a'];

/** A value in the panel's unit (Grafana's unit ids), for ticks and tooltips. */
export function formatValue(unit: string, v: number | null) {
  if (v === null || Number.isNaN(v)) return '–';
  switch (unit) {
    case 'percentunit':
      return `${(v * 100).toFixed(v < 0.01 && v > 0 ? 2 : 1)}%`;
    case 's':
      return v < 1 ? `${(v * 1000).toFixed(0)} ms` : `${v.toFixed(2)} s`;
    case 'reqps':
      return `${v.toFixed(v < 10 ? 2 : 0)}/s`;
    case 'bytes':
      return `${(v / 2 ** 20).toFixed(0)} MiB`;
    default:
      return v.toFixed(v % 1 === 0 ? 0 : 2);
  }
}

/** "14:05" in the browser's time zone from unix seconds. */
export function clock(seconds: number) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function panelData(panel: SignalPanel) {
  return {
    datasets: panel.series.map((s, i) => ({
      label: s.service || panel.title,
      data: s.points.map(([t, v]) => ({ x: t as number, y: v })),
      borderColor: kColors[i % kColors.length],
      backgroundColor: kColors[i % kColors.length],
      pointRadius: 0,
      borderWidth: 1.5,
    })),
  };
}

export function panelOptions(
  panel: SignalPanel,
  window: GoldenSignals['window'],
): ChartOptions<'line'> {
  return {
    animation: false,
    maintainAspectRatio: false,
    parsing: false,
    scales: {
      x: {
        type: 'linear',
        min: window.from,
        max: window.to,
        ticks: { callback: (v) => clock(Number(v)), maxTicksLimit: 6 },
      },
      y: { beginAtZero: true, ticks: { callback: (v) => formatValue(panel.unit, Number(v)) } },
    },
    plugins: {
      legend: { display: panel.series.length > 1, position: 'bottom' },
      tooltip: {
        callbacks: {
          title: (items) => (items.length ? clock(items[0].parsed.x ?? 0) : ''),
          label: (item) => `${item.dataset.label}: ${formatValue(panel.unit, item.parsed.y)}`,
        },
      },
    },
  };
}

/** Draws a dashed vertical line at each deployment's time. */
export function deployMarkers(deploys: GoldenSignals['deploys']): Plugin<'line'> {
  return {
    id: 'deployMarkers',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      const { top, bottom } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.setLineDash([4, 3]);
      for (const d of deploys) {
        const px = x.getPixelForValue(d.time);
        if (px < chart.chartArea.left || px > chart.chartArea.right) continue;
        ctx.strokeStyle = d.state === 'succeeded' ? '#1a7f37' : '#cf222e';
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
