import { describe, expect, it } from 'vitest';
import { builtInAdapters } from '../../../main/clients/adapters';
import { planConnect } from '../../../main/clients/connect-plan';
import { planEntriesRestore } from '../../../main/clients/disconnect-plan';
import type { ConfigFormat, ParsedConfig } from '../../../main/clients/formats/types';
import { corpus } from './corpus/corpus';
import { SHIM } from './fixture';

/**
 * Editing entries one by one in small windows (from one read of the file) must write exactly what
 * editing them one after another in the whole file writes: the corpus, connected both ways and
 * restored both ways, byte for byte. And it must be fast where the whole-file way was quadratic.
 */
const shim = (client: string) => (server: string) => ({
  command: SHIM.command,
  args: SHIM.args(client, server),
});
const withoutWindows = (format: ConfigFormat): ConfigFormat => ({ ...format, windows: undefined });
const everyEntryWindowed = (format: ConfigFormat, config: ParsedConfig) =>
  format.windows?.(config.text, config.entries).every((window) => window !== undefined) === true;

describe.each(['JSON', 'JSONC', 'YAML'] as const)('%s entries edited in windows', (kind) => {
  it('write the same bytes as edits on the whole file, connecting and restoring', () => {
    let files = 0;
    let windowed = 0;
    for (const file of corpus(kind, 11, 120)) {
      const adapter = builtInAdapters.find((a) => a.id === file.client)!;
      const spec = adapter.files[0]!;
      const config = spec.format.parse(file.path, Buffer.from(file.text), spec.maps);
      const plan = (format: ConfigFormat) =>
        planConnect({
          client: adapter,
          config,
          format,
          dialect: adapter.dialect,
          shim: shim(adapter.id),
          policy: undefined,
          claimed: new Map(),
          file: file.path,
        });
      const fast = plan(spec.format);
      const slow = plan(withoutWindows(spec.format));
      expect(fast.text, file.path).toBe(slow.text);
      expect(fast.wrapped).toEqual(slow.wrapped);
      files++;
      if (fast.changed.length > 1 && everyEntryWindowed(spec.format, config)) windowed++;
      const state = {
        version: 1 as const,
        client: adapter.id,
        configPath: file.path,
        connected: true,
        writes: [],
        servers: fast.wrapped,
      };
      const bytes = Buffer.from(config.bom + fast.text);
      const back = planEntriesRestore(file.path, bytes, state, spec.format, spec.maps, adapter.dialect);
      const backSlow = planEntriesRestore(
        file.path,
        bytes,
        state,
        withoutWindows(spec.format),
        spec.maps,
        adapter.dialect,
      );
      expect(back.text).toBe(backSlow.text);
    }
    console.log(`${kind}: ${files} files compared, ${windowed} of them edited in windows`);
    expect(windowed).toBeGreaterThan(files / 3);
  });
});

describe('a file with thousands of servers', () => {
  it('is connected and restored entry by entry without reading the whole file for each one', () => {
    const adapter = builtInAdapters.find((a) => a.id === 'cursor')!;
    const spec = adapter.files[0]!;
    const servers: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) servers[`server-${i}`] = { command: 'uvx', args: [`mcp-server-${i}`] };
    const text = JSON.stringify({ mcpServers: servers }, null, 2);
    const config = spec.format.parse('mcp.json', Buffer.from(text), spec.maps);
    expect(everyEntryWindowed(spec.format, config)).toBe(true);
    const started = performance.now();
    const plan = planConnect({
      client: adapter,
      config,
      format: spec.format,
      dialect: adapter.dialect,
      shim: shim('cursor'),
      policy: undefined,
      claimed: new Map(),
      file: 'mcp.json',
    });
    const connected = performance.now() - started;
    const state = {
      version: 1 as const,
      client: 'cursor',
      configPath: 'mcp.json',
      connected: true,
      writes: [],
      servers: plan.wrapped,
    };
    const back = planEntriesRestore(
      'mcp.json',
      Buffer.from(plan.text),
      state,
      spec.format,
      spec.maps,
      adapter.dialect,
    );
    console.log(
      `3,000 servers: connect planned in ${connected.toFixed(0)} ms, restore in ${(performance.now() - started - connected).toFixed(0)} ms`,
    );
    expect(plan.changed).toHaveLength(3000);
    expect(back.text).toBe(text);
  });
});
