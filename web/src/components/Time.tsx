/** A timestamp shown in local time, with the RFC 3339 value on hover. */
export function Time({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  return (
    <time dateTime={value} title={value}>
      {formatTime(date)}
    </time>
  );
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2026-11-24 23:26:46" in the browser's time zone. */
export function formatTime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}
