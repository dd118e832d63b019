/**
 * Client configs with many servers: a generated Cursor config with 3,000 stdio servers, listed
 * (what `clients` and the Clients page do: state of each entry, nothing rewritten) and planned for
 * connect and for disconnect (every entry rewritten and restored, nothing written to disk). Targets:
 * listing under 500 ms, connecting or restoring under 5 s; before entries were edited in windows of
 * their own (main/clients/entry-windows.ts), planning the connect took about ten minutes.
 */
import { builtInAdapters } from '../main/clients/adapters';
import { planConnect } from '../main/clients/connect-plan';
import { planEntriesRestore } from '../main/clients/disconnect-plan';

export interface ClientsBenchResult {
  servers: number;
  listMs: number;
  connectMs: number;
  restoreMs: number;
  met: boolean;
}

const SERVERS = 3000;

export function benchClients(): ClientsBenchResult {
  const adapter = builtInAdapters.find((candidate) => candidate.id === 'cursor')!;
  const spec = adapter.files[0]!;
  const servers: Record<string, unknown> = {};
  for (let i = 0; i < SERVERS; i++)
    servers[`server-${i}`] = { command: 'uvx', args: [`mcp-server-${i}`, '--port', String(9000 + i)] };
  const text = JSON.stringify({ mcpServers: servers }, null, 2);
  const shim = (server: string) => ({
    command: '/usr/bin/node',
    args: ['/opt/portcullis/cli.js', 'shim', '--client', 'cursor', '--server', server],
  });
  const plan = (edit: boolean) =>
    planConnect({
      client: adapter,
      config: spec.format.parse('mcp.json', Buffer.from(text), spec.maps),
      format: spec.format,
      dialect: adapter.dialect,
      shim,
      policy: undefined,
      claimed: new Map(),
      file: 'mcp.json',
      edit,
    });
  let t = performance.now();
  plan(false);
  const listMs = performance.now() - t;
  t = performance.now();
  const connected = plan(true);
  const connectMs = performance.now() - t;
  const state = {
    version: 1 as const,
    client: 'cursor',
    configPath: 'mcp.json',
    connected: true,
    writes: [],
    servers: connected.wrapped,
  };
  t = performance.now();
  const restored = planEntriesRestore(
    'mcp.json',
    Buffer.from(connected.text),
    state,
    spec.format,
    spec.maps,
    adapter.dialect,
  );
  const restoreMs = performance.now() - t;
  if (restored.text !== text) throw new Error('bench: restoring did not give the original text back');
  return {
    servers: SERVERS,
    listMs,
    connectMs,
    restoreMs,
    met: listMs < 500 && connectMs < 5000 && restoreMs < 5000,
  };
}
