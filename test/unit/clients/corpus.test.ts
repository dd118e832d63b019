import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigParseError, createClientsService } from '../../../main/clients';
import { builtInAdapters } from '../../../main/clients/adapters';
import type { ClientsService } from '../../../main/clients/types';
import { corpus, malformed, unrelatedEdit, type CorpusFormat } from './corpus/corpus';
import { SHIM } from './fixture';

/**
 * The corpus: at least 200 generated files per format (comments, CRLF, BOM, tabs, Unicode
 * names, unknown keys, empty maps, remote entries, TOML tables, YAML comments and anchors), each
 * connected and disconnected in a fresh home. Connect → disconnect gives the same bytes;
 * connect → an unrelated edit → disconnect keeps the edit; a malformed file is never written.
 */
const COUNT = 200;
const SEEDS: Record<CorpusFormat, number> = { JSON: 1, JSONC: 2, YAML: 3, TOML: 4 };

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-corpus-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }), 60_000);

function world(name: string): { home: string; service: ClientsService; backups: string } {
  const home = path.join(root, name, 'home');
  const backups = path.join(root, name, 'backups');
  fs.mkdirSync(home, { recursive: true });
  const service = createClientsService({
    host: { platform: 'linux', env: {}, home },
    backupsDir: backups,
    shim: SHIM,
    registry: { register: () => undefined },
  });
  return { home, service, backups };
}

/** Every file under a folder, with its size: what a write or a backup would change. */
function listing(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return `${name}:${stat.isFile() ? stat.size : 'dir'}`;
  });
}

function parsedData(client: string, file: string): unknown {
  const spec = builtInAdapters.find((adapter) => adapter.id === client)!.files[0]!;
  return spec.format.parse(file, fs.readFileSync(file), spec.maps).data;
}

describe.each(['JSON', 'JSONC', 'YAML', 'TOML'] as const)('a generated %s corpus', (format) => {
  it(`connects and disconnects ${COUNT} files without losing a byte`, async () => {
    const counts = {
      files: 0,
      servers: 0,
      wrapped: 0,
      skipped: 0,
      exact: 0,
      editKeptExactly: 0,
      editKeptSemantically: 0,
      malformedRefused: 0,
    };
    let index = 0;
    const home = world(format);
    for (const file of corpus(format, SEEDS[format], COUNT)) {
      index++;
      counts.files++;
      const label = `${format} #${index} (${file.client})`;

      // 1. connect → disconnect: byte for byte. One home per format: each connect starts afresh.
      const one = home;
      const configPath = path.join(one.home, file.path);
      fs.mkdirSync(path.dirname(configPath), { recursive: true });
      fs.writeFileSync(configPath, file.text);
      const original = fs.readFileSync(configPath);
      const connected = await one.service.connect(file.client);
      counts.wrapped += connected.changed.length;
      counts.skipped += connected.skipped.length;
      counts.servers += connected.changed.length + connected.skipped.length;
      const listed = (await one.service.list()).find((client) => client.id === file.client)!;
      expect(listed.error, label).toBeUndefined();
      for (const server of listed.servers) {
        if (connected.changed.some((change) => change.server === server.name))
          expect(server.state, `${label}: ${server.name}`).toBe('protected');
      }
      for (const name of file.untouchable)
        expect(
          connected.changed.map((c) => c.server),
          label,
        ).not.toContain(name);
      await one.service.disconnect(file.client);
      expect(
        fs.readFileSync(configPath).equals(original),
        `${label}: not byte-identical after disconnect`,
      ).toBe(true);
      counts.exact++;

      // 2. connect → unrelated edit → disconnect: the edit stays, our entries go back.
      const two = home;
      const secondPath = configPath;
      fs.writeFileSync(secondPath, file.text);
      const expected = unrelatedEdit(format, file.text);
      fs.writeFileSync(path.join(root, 'expected.tmp'), expected);
      const expectedData = parsedData(file.client, path.join(root, 'expected.tmp'));
      await two.service.connect(file.client);
      fs.writeFileSync(secondPath, unrelatedEdit(format, fs.readFileSync(secondPath, 'utf8')));
      await two.service.disconnect(file.client);
      const after = fs.readFileSync(secondPath, 'utf8');
      if (after === expected) counts.editKeptExactly++;
      else {
        expect(parsedData(file.client, secondPath), `${label}: the edit or an entry was lost`).toEqual(
          expectedData,
        );
        counts.editKeptSemantically++;
      }

      // 3. malformed: refused with a position, never written, nothing backed up.
      const three = home;
      const brokenPath = configPath;
      fs.writeFileSync(brokenPath, malformed(format, file.text));
      const backupsBefore = listing(three.backups);
      const broken = fs.readFileSync(brokenPath);
      const error = await three.service.connect(file.client).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error, `${label}: malformed file was accepted`).toBeInstanceOf(ConfigParseError);
      expect((error as ConfigParseError).file).toBe(brokenPath);
      expect(fs.readFileSync(brokenPath).equals(broken), label).toBe(true);
      expect(listing(three.backups), label).toEqual(backupsBefore);
      counts.malformedRefused++;
      fs.rmSync(configPath);
    }
    console.log(`${format} corpus: ${JSON.stringify(counts)}`);
    expect(counts.files).toBeGreaterThanOrEqual(200);
    expect(counts.wrapped).toBeGreaterThan(counts.files);
    expect(counts.exact).toBe(counts.files);
    expect(counts.malformedRefused).toBe(counts.files);
  }, 300_000);
});
