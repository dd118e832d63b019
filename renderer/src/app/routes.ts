/**
 * The dashboard's pages, in nav order, then routes with no nav entry: `approvals-popup` is the
 * desktop app's approval window, which loads this same renderer at `#/approvals-popup`.
 *
 * Plain data with no DOM: the end-to-end suite reads this list in Node to visit every page
 * (test/e2e/every-page.spec.ts), so a page added here is checked for accessibility and fit too.
 */
export const routes = [
  { id: 'overview', label: 'Overview', hash: '#/overview', nav: true },
  { id: 'live', label: 'Live', hash: '#/live', nav: true },
  { id: 'policies', label: 'Policies', hash: '#/policies', nav: true },
  { id: 'trust', label: 'Trust', hash: '#/trust', nav: true },
  { id: 'audit', label: 'Audit', hash: '#/audit', nav: true },
  { id: 'clients', label: 'Clients', hash: '#/clients', nav: true },
  { id: 'approvals-popup', label: 'Approvals', hash: '#/approvals-popup', nav: false },
] as const;

export type RouteId = (typeof routes)[number]['id'];

export const navRoutes = routes.filter((route) => route.nav);

/** The Overview answers the first question: what did my agents do today? */
const defaultRoute: RouteId = 'overview';

/**
 * Hash routing works the same from `file://` in Electron and from the gateway's HTTP server, and
 * needs no server-side fallback route.
 */
export function parseRoute(hash: string): RouteId {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return routes.find((route) => route.id === path)?.id ?? defaultRoute;
}
