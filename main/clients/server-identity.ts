import type { ServerInfo } from '../../shared/servers';

/**
 * One server as Portcullis knows it, however many clients use it and whatever they call it.
 *
 * Identity: the definition, which is what runs: transport, command, arguments and working folder,
 * or the URL (`definitionHash`, the same hash server approval uses). Environment values are not
 * part of it: the same program with another token is the same server.
 * Name: the key it was first registered under (the oldest registration of that definition), so the
 * name does not move when another client adds it under another key.
 */
export interface ServerIdentity {
  /** The definition's hash: stable while what runs stays the same. */
  id: string;
  /** What the dashboard, the audit log's server column and policy `servers.<name>` use. */
  name: string;
  /** Every key clients give it, the name first. Policy scopes under each apply (the name's first). */
  names: string[];
  /** The clients that use it, and under which key. */
  uses: { client: string; key: string }[];
}

/** The identity of the server a client registered under `key`; undefined when it registered none. */
export function serverIdentity(
  registered: readonly ServerInfo[],
  client: string,
  key: string,
): ServerIdentity | undefined {
  const own = registered.find((server) => server.client === client && server.name === key);
  if (!own) return undefined;
  const group = registered
    .filter((server) => server.definitionHash === own.definitionHash)
    .sort((a, b) => a.registeredAt - b.registeredAt || a.id - b.id);
  const name = group[0]?.name ?? key;
  const names = [name, ...new Set(group.map((server) => server.name).filter((n) => n !== name))].sort(
    (a, b) => (a === name ? -1 : b === name ? 1 : a.localeCompare(b)),
  );
  return {
    id: own.definitionHash,
    name,
    names,
    uses: group.map((server) => ({ client: server.client, key: server.name })),
  };
}

/**
 * How policy scopes name the server a client calls `server` (the gateway's name for it, or the
 * client's own key): its name, then its other names. Unregistered: that name alone.
 */
export function policyNames(
  registered: readonly ServerInfo[],
  client: string,
  server: string,
): { name: string; aliases: string[] } {
  const identity =
    serverIdentity(registered, client, server) ??
    registered
      .filter((entry) => entry.client === client)
      .map((entry) => serverIdentity(registered, client, entry.name))
      .find((candidate) => candidate?.name === server);
  if (!identity) return { name: server, aliases: [] };
  return { name: identity.name, aliases: identity.names.filter((other) => other !== identity.name) };
}
