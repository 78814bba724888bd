// A group's history on one time axis: alerts (firing → resolved spans), acknowledgements and
// silences, chat messages and reminders, and the project's deploys and config changes — drawn
// as lanes of one SVG axis, then listed newest first.
import { Link } from 'react-router-dom';
import { formatTime, Time } from '../../components/Time';
import type { AlertHistoryItem } from '../../api';
import { alertPath } from './alertsUi';

type Lane = 'alerts' | 'actions' | 'messages' | 'changes';
const kLanes: { id: Lane; title: string }[] = [
  { id: 'alerts', title: 'alerts' },
  { id: 'actions', title: 'acks, silences' },
  { id: 'messages', title: 'chat' },
  { id: 'changes', title: 'deploys, config' },
];

const kKindColors: Record<string, string> = {
  firing: '#d1242f',
  resolved: '#1a7f37',
  acknowledged: '#0969da',
  silenced: '#8c959f',
  unsilenced: '#57606a',
  reminded: '#bf8700',
  message: '#8250df',
};
const kChangeColor = '#24292f';

export function laneOf(kind: string): Lane {
  if (kind === 'firing' || kind === 'resolved') return 'alerts';
  if (kind === 'acknowledged' || kind === 'silenced' || kind === 'unsilenced') return 'actions';
  if (kind === 'message' || kind === 'reminded') return 'messages';
  return 'changes';
}

function colorOf(kind: string): string {
  return kKindColors[kind] ?? kChangeColor;
}

const kWidth = 1000;
const kLabelWidth = 120;
const kLaneHeight = 26;
const kTop = 8;
const kAxisHeight = 24;

interface Span {
  fingerprint: string;
  alertname: string;
  from: number;
  to: number;
  open: boolean;
}

/** Firing → resolved spans per fingerprint; an alert still firing runs to `end`. */
function spansOf(items: AlertHistoryItem[], end: number): Span[] {
  const open = new Map<string, Span>();
  const spans: Span[] = [];
  for (const item of items) {
    if (!item.fingerprint) continue;
    const at = Date.parse(item.at);
    if (item.kind === 'firing' && !open.has(item.fingerprint)) {
      open.set(item.fingerprint, {
        fingerprint: item.fingerprint,
        alertname: item.alertname ?? item.fingerprint,
        from: at,
        to: end,
        open: true,
      });
    } else if (item.kind === 'resolved') {
      const span = open.get(item.fingerprint);
      if (span) {
        spans.push({ ...span, to: at, open: false });
        open.delete(item.fingerprint);
      }
    }
  }
  return [...spans, ...open.values()];
}

function TimelineAxis({ items }: { items: AlertHistoryItem[] }) {
  const times = items.map((i) => Date.parse(i.at)).filter((t) => !Number.isNaN(t));
  const now = Date.now();
  // From the first item to now, at least ten minutes, with a margin on the left.
  const end = Math.max(...times, now);
  const first = Math.min(...times, end - 600_000);
  const start = first - (end - first) * 0.05;
  const span = end - start;
  const x = (t: number) => kLabelWidth + ((t - start) / span) * (kWidth - kLabelWidth - 10);
  const laneY = (lane: Lane) => kTop + kLanes.findIndex((l) => l.id === lane) * kLaneHeight;
  const height = kTop + kLanes.length * kLaneHeight + kAxisHeight;
  const spans = spansOf(items, end);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => start + f * span);

  return (
    <svg
      className="alert-timeline-svg"
      viewBox={`0 0 ${kWidth} ${height}`}
      role="img"
      aria-label="Timeline"
      data-testid="timeline-axis"
    >
      {kLanes.map((lane) => (
        <g key={lane.id}>
          <text x={4} y={laneY(lane.id) + kLaneHeight / 2 + 4}>
            {lane.title}
          </text>
          <line
            x1={kLabelWidth}
            x2={kWidth - 10}
            y1={laneY(lane.id) + kLaneHeight / 2}
            y2={laneY(lane.id) + kLaneHeight / 2}
            stroke="#e6eaef"
          />
        </g>
      ))}
      {spans.map((s, i) => (
        <rect
          key={`${s.fingerprint}:${i}`}
          x={x(s.from)}
          y={laneY('alerts') + 7}
          width={Math.max(2, x(s.to) - x(s.from))}
          height={kLaneHeight - 14}
          rx={3}
          fill={s.open ? '#d1242f' : '#8c959f'}
          opacity={0.35}
        >
          <title>
            {s.alertname}: {formatTime(new Date(s.from))} →{' '}
            {s.open ? 'still firing' : formatTime(new Date(s.to))}
          </title>
        </rect>
      ))}
      {items.map((item, i) => {
        const t = Date.parse(item.at);
        if (Number.isNaN(t)) return null;
        return (
          <circle
            key={i}
            cx={x(t)}
            cy={laneY(laneOf(item.kind)) + kLaneHeight / 2}
            r={5}
            fill={colorOf(item.kind)}
            data-kind={item.kind}
          >
            <title>
              {formatTime(new Date(t))} {item.kind} {item.alertname ?? ''} {item.actor ?? ''}{' '}
              {item.text ?? ''}
            </title>
          </circle>
        );
      })}
      <line
        x1={kLabelWidth}
        x2={kWidth - 10}
        y1={height - kAxisHeight + 2}
        y2={height - kAxisHeight + 2}
        stroke="#8c959f"
      />
      {ticks.map((t, i) => (
        <text
          key={i}
          x={x(t)}
          y={height - 6}
          textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
        >
          {formatTime(new Date(t)).slice(5, 16)}
        </text>
      ))}
    </svg>
  );
}

function Legend() {
  const kinds = Object.keys(kKindColors);
  return (
    <div className="timeline-legend">
      {kinds.map((k) => (
        <span key={k}>
          <i style={{ background: colorOf(k) }} />
          {k}
        </span>
      ))}
      <span>
        <i style={{ background: kChangeColor }} />
        deploy / config
      </span>
    </div>
  );
}

/** `items` oldest first, as GET /alerts/history answers. */
export function AlertTimeline({ items, loading }: { items: AlertHistoryItem[]; loading: boolean }) {
  const newestFirst = [...items].reverse();
  return (
    <div className="box" data-testid="alert-timeline">
      <div className="box-header">
        <strong>Timeline</strong>{' '}
        <span className="muted small">
          alerts, acknowledgements, silences, messages, reminders, deploys and config changes
        </span>
      </div>
      {items.length > 0 ? (
        <>
          <TimelineAxis items={items} />
          <Legend />
        </>
      ) : null}
      {items.length === 0 && !loading ? <div className="empty">Nothing yet.</div> : null}
      <ul className="timeline-list">
        {newestFirst.map((item, i) => (
          <li
            key={`${item.at}:${item.kind}:${i}`}
            data-testid="timeline-item"
            data-kind={item.kind}
            data-fingerprint={item.fingerprint ?? ''}
          >
            <span className="small muted">
              <Time value={item.at} />
            </span>{' '}
            <span
              className="label small kind-label"
              style={{ borderColor: colorOf(item.kind), color: colorOf(item.kind) }}
            >
              {item.kind}
            </span>{' '}
            {item.fingerprint ? (
              <Link to={alertPath(item.fingerprint)}>{item.alertname || item.fingerprint}</Link>
            ) : null}{' '}
            {item.actor && !(item.text ?? '').includes(item.actor) ? (
              <strong>{item.actor}</strong>
            ) : null}{' '}
            <span className="timeline-text">{item.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
