import { useId, useState } from 'react';
import { navRoutes, type RouteId } from './routes';
import { ThemeControl } from './theme-control';

/**
 * The main navigation: a sidebar on wide windows; on narrow ones a bar whose menu button opens the
 * list (app.css decides which by width, so nothing here measures the window).
 */
export function AppNav({ current }: { current: RouteId }) {
  // Open on the page it was opened on: going to another page (a link, Back) closes it.
  const [openOn, setOpenOn] = useState<RouteId>();
  const open = openOn === current;
  const setOpen = (next: boolean) => setOpenOn(next ? current : undefined);
  const listId = useId();
  return (
    <nav
      className={`app-nav${open ? ' app-nav-open' : ''}`}
      aria-label="Main"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          event.currentTarget.querySelector<HTMLButtonElement>('.nav-menu-button')?.focus();
        }
      }}
    >
      <div className="nav-bar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Portcullis
        </div>
        <button
          type="button"
          className="button nav-menu-button"
          aria-expanded={open}
          aria-controls={listId}
          data-testid="nav-menu"
          onClick={() => setOpen(!open)}
        >
          <span className="nav-menu-icon" aria-hidden="true" />
          Menu
        </button>
      </div>
      <div className="nav-body" id={listId}>
        <ul className="nav-list">
          {navRoutes.map((route) => (
            <li key={route.id}>
              <a
                className="nav-link"
                href={route.hash}
                aria-current={route.id === current ? 'page' : undefined}
                onClick={() => setOpen(false)}
              >
                {route.label}
              </a>
            </li>
          ))}
        </ul>
        <ThemeControl />
      </div>
    </nav>
  );
}
