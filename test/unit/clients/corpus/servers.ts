import type { Random } from './random';

/** A server as the corpus thinks of it, before a client's dialect spells it. */
export interface ModelServer {
  name: string;
  remote: boolean;
  command: string;
  args: string[];
  env: Record<string, string>;
  url: string;
  headers: Record<string, string>;
  /** Keys the client knows and Portcullis does not care about (or does not know at all). */
  extra: Record<string, string | number | boolean>;
}

const NAMES = ['github', 'fs', 'memory', 'time', 'sqlite', 'mail', 'linear', 'fetch', 'db-prod', 'my_tools'];
const UNICODE = ['café', '日本語', 'über-tools', 'señal', 'файлы', 'tool🚀', 'Ωmega'];
const COMMANDS = [
  'npx',
  'uvx',
  'node',
  'python3',
  '/usr/local/bin/mcp-server',
  'docker',
  'C:\\Tools\\srv.exe',
];
const ARGS = [
  '-y',
  '@modelcontextprotocol/server-memory',
  '--stdio',
  'run',
  '-i',
  '--rm',
  '/home/me/projects',
  'mcp-server-time',
  '--port=0',
  'a b c',
  'quote"d',
  'back\\slash',
  'ünï',
];

export function modelServers(random: Random, count: number, allowRemote: boolean): ModelServer[] {
  const servers: ModelServer[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let name = random.chance(0.25) ? random.pick(UNICODE) : random.pick(NAMES);
    while (used.has(name)) name = `${name}${random.int(2, 9)}`;
    used.add(name);
    const env: Record<string, string> = {};
    if (random.chance(0.5)) env.API_TOKEN = `tok_${random.int(1000, 9999)}`;
    if (random.chance(0.2)) env.LANG = 'C.UTF-8';
    const headers: Record<string, string> = {};
    if (random.chance(0.5)) headers.Authorization = `Bearer sk_${random.int(100, 999)}`;
    const extra: Record<string, string | number | boolean> = {};
    if (random.chance(0.3)) extra.timeout = random.int(1, 600);
    if (random.chance(0.2)) extra.x_note = 'kept as is';
    servers.push({
      name,
      remote: allowRemote && random.chance(0.25),
      command: random.pick(COMMANDS),
      args: Array.from({ length: random.int(0, 4) }, () => random.pick(ARGS)),
      env,
      url: `https://mcp${random.int(1, 99)}.example.com/${random.pick(['mcp', 'sse', 'v1/mcp'])}`,
      headers,
      extra,
    });
  }
  return servers;
}
