// The window of a traffic view: the last 7, 30 or 90 days up to today.
export const kWindows = [7, 30, 90] as const;

export function WindowPicker({ days, onChange }: { days: number; onChange: (d: number) => void }) {
  return (
    <label className="small">
      Last{' '}
      <select
        value={days}
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid="traffic-window"
      >
        {kWindows.map((d) => (
          <option key={d} value={d}>
            {d} days
          </option>
        ))}
      </select>
    </label>
  );
}

/** [from, to] of the last `days` days up to today (UTC). */
export function windowOf(days: number) {
  const to = new Date().toISOString().slice(0, 10);
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  return { from: start.toISOString().slice(0, 10), to };
}
