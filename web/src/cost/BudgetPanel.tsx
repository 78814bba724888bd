// Budget vs actual vs forecast for a team (or every team when none is given). Budgets are not
// set up yet: this is the slot the budgets view fills.
export function BudgetPanel({ team }: { team?: string }) {
  return (
    <section className="box" data-testid="budget-panel">
      <div className="box-header">
        <h2>Budget vs actual vs forecast</h2>
      </div>
      <div className="blankslate">
        {team ? `No budget is set for ${team}.` : 'Budgets are not set.'} Actual and forecast spend
        are shown above.
      </div>
    </section>
  );
}
