import { Random } from './random';
import { jsonEntry, jsonStyle, printJson } from './render-json';
import { renderToml } from './render-toml';
import { renderYaml } from './render-yaml';
import { modelServers } from './servers';

export type CorpusFormat = 'JSON' | 'JSONC' | 'YAML' | 'TOML';

export interface CorpusFile {
  client: string;
  /** Where the client keeps it, relative to the home folder (Linux layout). */
  path: string;
  text: string;
  /** Servers the file defines that Portcullis must leave alone (shared YAML anchors). */
  untouchable: string[];
}

const JSON_CLIENTS = [
  {
    client: 'claude-desktop',
    path: '.config/Claude/claude_desktop_config.json',
    key: 'mcpServers',
    remote: false,
  },
  { client: 'claude-code', path: '.claude.json', key: 'mcpServers', remote: true },
  { client: 'lm-studio', path: '.lmstudio/mcp.json', key: 'mcpServers', remote: true },
];
const JSONC_CLIENTS = [
  { client: 'cursor', path: '.cursor/mcp.json', key: 'mcpServers', remote: true },
  { client: 'vscode', path: '.config/Code/User/mcp.json', key: 'servers', remote: true },
  { client: 'zed', path: '.config/zed/settings.json', key: 'context_servers', remote: true },
  { client: 'opencode', path: '.config/opencode/opencode.json', key: 'mcp', remote: true },
  { client: 'gemini-cli', path: '.gemini/settings.json', key: 'mcpServers', remote: false },
];

/** `count` files of one format, the same ones for the same seed. */
export function* corpus(format: CorpusFormat, seed: number, count: number): Generator<CorpusFile> {
  const random = new Random(seed);
  for (let i = 0; i < count; i++) {
    const bom = random.chance(0.15) ? '\uFEFF' : '';
    const eol = random.chance(0.3) ? '\r\n' : '\n';
    if (format === 'JSON' || format === 'JSONC') {
      const spec = random.pick(format === 'JSON' ? JSON_CLIENTS : JSONC_CLIENTS);
      const servers = modelServers(random, random.int(0, 5), spec.remote);
      const map = Object.fromEntries(
        servers.map((server) => [server.name, jsonEntry(spec.client, server, random)]),
      );
      const root: Record<string, unknown> = random.chance(0.5) ? { theme: 'dark' } : {};
      if (spec.client === 'vscode') root.inputs = [];
      root[spec.key] = map;
      if (spec.client === 'claude-code' && random.chance(0.6)) {
        const local = modelServers(random, random.int(0, 2), true).map((server) => ({
          ...server,
          name: `local-${server.name}`,
        }));
        root.projects = {
          '/home/me/project': {
            allowedTools: [],
            mcpServers: Object.fromEntries(
              local.map((server) => [server.name, jsonEntry(spec.client, server, random)]),
            ),
          },
        };
      }
      if (random.chance(0.5)) root['unknown.setting'] = { nested: [1, 2, { deep: true }] };
      const style = jsonStyle(random, format === 'JSONC');
      style.eol = eol;
      const text = printJson(root, style, random) + (style.finalNewline ? eol : '');
      yield { client: spec.client, path: spec.path, text: bom + text, untouchable: [] };
    } else if (format === 'YAML') {
      const client = random.pick(['continue', 'goose'] as const);
      const servers = modelServers(random, random.int(0, 5), true);
      const { text, anchored } = renderYaml(client, servers, random, eol);
      const path = client === 'continue' ? '.continue/config.yaml' : '.config/goose/config.yaml';
      yield { client, path, text: bom + text, untouchable: anchored };
    } else {
      const servers = modelServers(random, random.int(0, 5), true);
      yield {
        client: 'codex',
        path: '.codex/config.toml',
        text: bom + renderToml(servers, random, eol),
        untouchable: [],
      };
    }
  }
}

/** An edit a person might make while connected, that has nothing to do with the servers. */
export function unrelatedEdit(format: CorpusFormat, text: string): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  if (format === 'TOML') return `${bom}portcullis_test_edit = 1${eol}${body}`;
  if (format === 'YAML')
    return `${bom}${body}${body.endsWith('\n') || body === '' ? '' : eol}portcullis_test_edit: 1${eol}`;
  const open = body.indexOf('{');
  const empty = /^\{\s*\}/.test(body.slice(open));
  return `${bom}${body.slice(0, open + 1)}"portcullisTestEdit": 1${empty ? '' : ','}${body.slice(open + 1)}`;
}

/** The same file, broken in a way each format's parser must refuse. */
export function malformed(format: CorpusFormat, text: string): string {
  if (format === 'TOML') return `${text}\n[mcp_servers\n`;
  if (format === 'YAML') return `${text}\nbroken: [unclosed\n`;
  return text.slice(0, text.lastIndexOf('}'));
}
