import { NavLink } from 'react-router-dom';

/** The tabs of the catalog section. */
export function CatalogNav() {
  return (
    <nav className="tabs" aria-label="Catalog">
      <NavLink to="/catalog/orphans">Needs an owner</NavLink>
      <NavLink to="/catalog/import">Import</NavLink>
      <NavLink to="/catalog/scorecards">Scorecards</NavLink>
    </nav>
  );
}
