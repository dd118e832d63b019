import { navRoutes, type RouteId } from './routes';

export function AppNav({ current }: { current: RouteId }) {
  return (
    <nav className="app-nav" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Portcullis
      </div>
      <ul className="nav-list">
        {navRoutes.map((route) => (
          <li key={route.id}>
            <a
              className="nav-link"
              href={route.hash}
              aria-current={route.id === current ? 'page' : undefined}
            >
              {route.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
