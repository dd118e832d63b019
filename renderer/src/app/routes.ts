/** The dashboard's pages, in nav order. Later pages (Approvals, …) are added here. */
export const routes = [
  { id: 'live', label: 'Live', hash: '#/live' },
  { id: 'policies', label: 'Policies', hash: '#/policies' },
  { id: 'audit', label: 'Audit', hash: '#/audit' },
] as const;

export type RouteId = (typeof routes)[number]['id'];

const defaultRoute: RouteId = 'live';

/**
 * Hash routing works the same from `file://` in Electron and from the gateway's HTTP server, and
 * needs no server-side fallback route.
 */
export function parseRoute(hash: string): RouteId {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return routes.find((route) => route.id === path)?.id ?? defaultRoute;
}
