// The month a cost view shows ("YYYY-MM").
export function MonthPicker({
  month,
  onChange,
}: {
  month: string;
  onChange: (month: string) => void;
}) {
  return (
    <input
      type="month"
      className="form-control"
      aria-label="Month"
      value={month}
      onChange={(e) => e.target.value && onChange(e.target.value)}
    />
  );
}
