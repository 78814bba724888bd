// The sub-navigation of the deployment pages.
import { NavLink } from 'react-router-dom';

export function DeploymentsNav() {
  return (
    <nav className="tabs" aria-label="Deployments">
      <NavLink to="/deployments" end>
        What runs where
      </NavLink>
      <NavLink to="/approvals">Approvals</NavLink>
      <NavLink to="/deployments/metrics">Metrics</NavLink>
    </nav>
  );
}
