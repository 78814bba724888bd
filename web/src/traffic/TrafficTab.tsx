// A project's or a team's cross-zone traffic: cost per day, the share crossing zones, month to
// date and trend, each workload's share, and the top edges with the fix Paved proposes.
import { useState } from 'react';
import { Bar } from 'react-chartjs-2';
import * as api from '../api';
import { ErrorBanner } from '../components/Field';
import { useLoad } from '../hooks/useLoad';
import { EdgeProposal } from './EdgeProposal';
import { dailyCost, kDailyDollars } from './trafficCharts';
import { WindowPicker, windowOf } from './WindowPicker';

function Trend({ change }: { change: number | null }) {
  if (change === null) return <>no cross-zone traffic before</>;
  const sign = change >= 0 ? '+' : '−';
  return (
    <>
      {sign}
      {Math.abs(change * 100).toFixed(0)}% against the period before
    </>
  );
}

function Summary({ data }: { data: api.TrafficScope }) {
  return (
    <dl className="props props-inline">
      <dt>Cross-zone cost</dt>
      <dd data-testid="traffic-cost">{api.dollars(data.sent.cost_usd)}</dd>
      <dt>Share crossing zones</dt>
      <dd data-testid="traffic-share">{api.percent(data.sent.share)}</dd>
      <dt>{data.month.month} to date</dt>
      <dd data-testid="traffic-month">{api.dollars(data.month.cost_usd)}</dd>
      <dt>Trend</dt>
      <dd data-testid="traffic-trend">
        <Trend change={data.trend.change} />
      </dd>
    </dl>
  );
}

function EdgesTable({ edges }: { edges: api.TrafficEdge[] }) {
  if (edges.length === 0) return <div className="blankslate">No cross-zone edges.</div>;
  return (
    <table className="table" data-testid="traffic-edges">
      <thead>
        <tr>
          <th>Direction</th>
          <th>From</th>
          <th>To</th>
          <th>Cross-zone</th>
          <th>Cost</th>
          <th>Proposal</th>
        </tr>
      </thead>
      <tbody>
        {edges.map((e) => (
          <tr key={`${e.cluster}/${e.src}/${e.dst}`} data-edge={`${e.src}>${e.dst}`}>
            <td>{e.direction}</td>
            <td className="mono">{e.src}</td>
            <td className="mono">{e.dst}</td>
            <td>
              {api.gigabytes(e.cross_zone_bytes)}{' '}
              <span className="muted small">({api.percent(e.share)})</span>
            </td>
            <td>{api.dollars(e.cost_usd)}</td>
            <td>
              <EdgeProposal edge={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WorkloadsTable({ workloads }: { workloads: api.TrafficScope['workloads'] }) {
  return (
    <table className="table" data-testid="traffic-workloads">
      <thead>
        <tr>
          <th>Workload</th>
          <th>Cluster</th>
          <th>Sent</th>
          <th>Received</th>
          <th>Crossing zones</th>
        </tr>
      </thead>
      <tbody>
        {workloads.map((w) => (
          <tr key={`${w.cluster}/${w.workload}`}>
            <td className="mono">{w.workload}</td>
            <td>{w.cluster}</td>
            <td>{api.gigabytes(w.sent.bytes)}</td>
            <td>{api.gigabytes(w.received.bytes)}</td>
            <td>{api.percent(w.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrafficTab({ team, project }: { team?: string; project?: string }) {
  const [days, setDays] = useState(30);
  const { from, to } = windowOf(days);
  const view = useLoad(
    () => (team ? api.teamTraffic(team, { from, to }) : api.projectTraffic(project!, { from, to })),
    `traffic:${team ?? ''}:${project ?? ''}:${days}`,
  );
  const data = view.data;
  return (
    <section className="box" data-testid="traffic-tab">
      <div className="box-header">
        <h2>Traffic</h2>
        <WindowPicker days={days} onChange={setDays} />
      </div>
      <ErrorBanner error={view.error} />
      {data ? (
        <>
          <Summary data={data} />
          {data.sent.bytes + data.received.bytes === 0 ? (
            <div className="blankslate">
              No traffic stored from {from} to {to}.
            </div>
          ) : (
            <>
              <div className="chart-area">
                <Bar data={dailyCost(data.days)} options={kDailyDollars} />
              </div>
              <h3>Top cross-zone edges</h3>
              <EdgesTable edges={data.edges} />
              <h3>Workloads</h3>
              <WorkloadsTable workloads={data.workloads} />
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
