import { describe, expect, it } from 'vitest';
import { jsonFormat } from '../../../main/clients/formats/json';
import { tomlFormat } from '../../../main/clients/formats/toml';
import type { ConfigFormat, EntryRef, MapSpec } from '../../../main/clients/formats/types';
import { yamlFormat } from '../../../main/clients/formats/yaml';

const shim = { command: '/usr/bin/node', args: ['/opt/cli.js', 'shim', '--client', 'c', '--server', 'gh'] };

/** Insert, then read the file back the way the client would: the entry is there, nothing else moved. */
function roundTrip(format: ConfigFormat, text: string, maps: MapSpec[], ref: EntryRef) {
  const next = format.insertEntry(text, ref, ref.kind === 'list' ? { name: ref.name, ...shim } : shim);
  const parsed = format.parse('config', Buffer.from(next), maps);
  const entry = parsed.entries.find((e) => e.name === ref.name && e.map.join('.') === ref.map.join('.'));
  return { next, parsed, entry: entry?.value as Record<string, unknown> | undefined };
}

const objectMap = (path: string[]): MapSpec[] => [{ path, kind: 'object', scope: 'user' }];
const listMap = (path: string[]): MapSpec[] => [{ path, kind: 'list', scope: 'user' }];

describe('insertEntry puts back an entry a client dropped', () => {
  const json = jsonFormat('JSONC');
  it.each([
    [
      'into an existing map, keeping comments',
      '{\n  // mine\n  "mcpServers": {\n    "a": { "command": "x" }\n  }\n}\n',
    ],
    ['into an empty map', '{ "mcpServers": {} }'],
    ['creating the map that went missing', '{\r\n\t"globalShortcut": "Ctrl+Space"\r\n}\r\n'],
    ['into an empty file', ''],
  ])('JSON: %s', (_what, text) => {
    const { next, entry } = roundTrip(json, text, objectMap(['mcpServers']), {
      map: ['mcpServers'],
      kind: 'object',
      name: 'gh',
    });
    expect(entry).toEqual(shim);
    if (text.includes('// mine')) expect(next).toContain('// mine');
    // Only new bytes: the entry before it stays on its one line.
    if (text.includes('"a": { "command": "x" }'))
      expect(next).toContain('"a": { "command": "x" },\n    "gh": {');
    if (text.includes('\r\n')) expect(next.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it.each([
    [
      'a block map',
      'GOOSE_PROVIDER: openai\nextensions:\n  # first\n  a:\n    cmd: x\n    type: stdio\nother: 1\n',
    ],
    ['a flow map', 'extensions: { a: { cmd: x } }\n'],
    ['an empty flow map', 'extensions: {}\n'],
    ['a key with no value', 'extensions:\nother: 1\n'],
    ['no map at all', 'GOOSE_PROVIDER: openai\n'],
  ])('YAML object map: %s', (_what, text) => {
    const { next, parsed, entry } = roundTrip(yamlFormat, text, objectMap(['extensions']), {
      map: ['extensions'],
      kind: 'object',
      name: 'gh',
    });
    expect(entry).toEqual(shim);
    // Everything that was there is still there.
    const before = yamlFormat.parse('config', Buffer.from(text), objectMap(['extensions']));
    for (const old of before.entries)
      expect(parsed.entries.find((e) => e.name === old.name)?.value).toEqual(old.value);
    if (text.includes('# first')) expect(next).toContain('# first');
    if (text.includes('other: 1')) expect((parsed.data as Record<string, unknown>).other).toBe(1);
  });

  it.each([
    [
      'a block list',
      'name: x\nmcpServers:\n  # c\n  - name: a\n    command: x\n    args:\n      - "1"\nother: 1\n',
    ],
    ['a flow list', 'mcpServers: [{ name: a, command: x }]\n'],
    ['an empty list', 'mcpServers: []\n'],
    ['no list at all', 'name: x\n'],
  ])('YAML list: %s', (_what, text) => {
    const { parsed, entry } = roundTrip(yamlFormat, text, listMap(['mcpServers']), {
      map: ['mcpServers'],
      kind: 'list',
      name: 'gh',
    });
    expect(entry).toEqual({ name: 'gh', ...shim });
    const before = yamlFormat.parse('config', Buffer.from(text), listMap(['mcpServers']));
    for (const old of before.entries)
      expect(parsed.entries.find((e) => e.name === old.name)?.value).toEqual(old.value);
  });

  it('YAML refuses to guess where a nested map that is missing would go', () => {
    expect(() =>
      yamlFormat.insertEntry('a: 1\n', { map: ['deep', 'servers'], kind: 'object', name: 'gh' }, shim),
    ).toThrow(/missing/);
  });

  it.each([
    [
      'after other tables',
      '# Codex\nmodel = "o3"\n\n[mcp_servers.a]\ncommand = "x"\n\n[mcp_servers.a.env]\nK = "v"\n',
    ],
    ['with no mcp_servers yet', 'model = "o3"'],
    ['where the map is an inline table', 'mcp_servers = { a = { command = "x" } }\n'],
    ['in a profile', 'model = "o3"\n[profiles.work]\nmodel = "x"\n'],
  ])('TOML: %s', (what, text) => {
    const map = what === 'in a profile' ? ['profiles', 'work', 'mcp_servers'] : ['mcp_servers'];
    const { next, parsed, entry } = roundTrip(tomlFormat, text, objectMap(map), {
      map,
      kind: 'object',
      name: 'gh',
    });
    expect(entry).toEqual(shim);
    expect(next.startsWith(text.trimEnd())).toBe(what !== 'where the map is an inline table');
    if (text.includes('[mcp_servers.a.env]'))
      expect(parsed.entries.find((e) => e.name === 'a')?.value).toEqual({ command: 'x', env: { K: 'v' } });
  });
});
