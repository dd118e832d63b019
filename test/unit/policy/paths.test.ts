import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PATH_COMPONENTS } from '../../../main/policy/caps';
import { nodeFiles, type FileLookup } from '../../../main/policy/files';
import { canonicalPaths, isWithin, type Place } from '../../../main/policy/paths';
import { foldersInArgs, isDirectory, serverPlace } from '../../../main/policy/place';

/**
 * Canonical paths on real folders: real symlinks, real NFC and NFD names, real missing tails. The
 * one fake is a FileLookup that answers EACCES, which these tests (run as root) cannot provoke.
 */
let root: string;
const at = (...parts: string[]) => join(root, ...parts);
const env = (files: FileLookup = nodeFiles) => ({ files, platform: 'linux' as const, seen: new Map() });
const resolve = (text: string, place?: Place, files?: FileLookup) => canonicalPaths(text, place, env(files));
const paths = (text: string, place?: Place) => {
  const result = resolve(text, place);
  if ('unknown' in result) throw new Error(`unexpectedly unknown: ${result.unknown}`);
  return [...result.paths].sort();
};
const unknown = (text: string, place?: Place, files?: FileLookup) => {
  const result = resolve(text, place, files);
  if (!('unknown' in result)) throw new Error(`expected unknown, got ${result.paths.join(', ')}`);
  return result.unknown;
};
const place = (over: Partial<Place> = {}): Place => ({
  cwd: at('ws', 'project'),
  roots: [],
  allowed: [],
  home: at('home'),
  ...over,
});

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-paths-')));
  for (const dir of ['home', 'ws/project/sub', 'ws/secret/inner', 'ws/café', 'ws/other']) {
    mkdirSync(at(...dir.split('/')), { recursive: true });
  }
  writeFileSync(at('ws', 'project', 'notes.txt'), 'notes');
  writeFileSync(at('ws', 'secret', 'key.txt'), 'key');
  writeFileSync(at('ws', 'café', 'inside.txt'), 'inside');
  symlinkSync('../secret', at('ws', 'project', 'link-out'));
  symlinkSync('../secret/inner', at('ws', 'project', 'jump'));
  symlinkSync(at('ws', 'secret'), at('ws', 'project', 'absolute-out'));
  symlinkSync('loop-b', at('ws', 'loop-a'));
  symlinkSync('loop-a', at('ws', 'loop-b'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('canonicalPaths', () => {
  it('keeps a plain absolute path, collapsing `.`, `..` and repeated separators', () => {
    expect(paths(at('ws', 'project', 'notes.txt'))).toEqual([at('ws', 'project', 'notes.txt')]);
    expect(paths(`${root}//ws/./project//notes.txt`)).toEqual([at('ws', 'project', 'notes.txt')]);
    expect(paths(`${root}/ws/project/../secret/key.txt`)).toEqual([at('ws', 'secret', 'key.txt')]);
    expect(paths(`${root}/ws/project/sub/`)).toEqual([at('ws', 'project', 'sub')]);
  });

  it('resolves a relative path against every folder the server might use', () => {
    expect(paths('notes.txt', place())).toEqual([at('ws', 'project', 'notes.txt')]);
    expect(paths('../secret/key.txt', place())).toEqual([at('ws', 'secret', 'key.txt')]);
    expect(paths('key.txt', place({ allowed: [at('ws', 'secret')] }))).toEqual(
      [at('ws', 'project', 'key.txt'), at('ws', 'secret', 'key.txt')].sort(),
    );
    expect(paths('a.txt', place({ cwd: undefined, roots: [pathToFileURL(at('ws', 'other')).href] }))).toEqual(
      [at('ws', 'other', 'a.txt')],
    );
  });

  it('cannot place a relative path without knowing the server’s folders', () => {
    expect(unknown('notes.txt')).toMatch(/relative/);
    expect(unknown('notes.txt', place({ cwd: undefined }))).toMatch(/relative/);
  });

  it('expands ~ to the server’s home, and refuses to guess at ~user', () => {
    expect(paths('~/notes.md', place())).toEqual([at('home', 'notes.md')]);
    expect(paths('~', place())).toEqual([at('home')]);
    expect(unknown('~/notes.md')).toMatch(/home folder is not known/);
    expect(unknown('~bob/notes.md', place())).toMatch(/"~bob", another user's home/);
  });

  it('follows symlinks in the part that exists, including one pointing out of its folder', () => {
    expect(paths(at('ws', 'project', 'link-out', 'key.txt'))).toEqual([at('ws', 'secret', 'key.txt')]);
    expect(paths(at('ws', 'project', 'absolute-out', 'key.txt'))).toEqual([at('ws', 'secret', 'key.txt')]);
    expect(paths('link-out/key.txt', place())).toEqual([at('ws', 'secret', 'key.txt')]);
  });

  it('counts symlink hops per reading, not across the readings of one value', () => {
    // 30 hops each way: within the bound for each of the four routes (2 bases × lexical and raw).
    mkdirSync(at('chain', 'real'), { recursive: true });
    for (let i = 0; i < 30; i++) symlinkSync(i === 29 ? 'real' : `l${i + 1}`, at('chain', `l${i}`));
    const twoBases = place({ cwd: at('chain'), allowed: [at('chain', 'real')] });
    expect(paths('l0/x', twoBases)).toEqual(
      [at('chain', 'real', 'l0', 'x'), at('chain', 'real', 'x')].sort(),
    );
  });

  it('keeps both readings where `..` after a symlink differs from `..` collapsed first', () => {
    // path.resolve: project/jump/../key.txt → project/key.txt. The kernel: jump → secret/inner, .. → secret.
    expect(paths(`${at('ws', 'project')}/jump/../key.txt`)).toEqual(
      [at('ws', 'project', 'key.txt'), at('ws', 'secret', 'key.txt')].sort(),
    );
  });

  it('takes a missing tail as written, after resolving the part that exists', () => {
    expect(paths(at('ws', 'project', 'new', 'deeper', 'file.txt'))).toEqual([
      at('ws', 'project', 'new', 'deeper', 'file.txt'),
    ]);
    expect(paths(at('ws', 'project', 'link-out', 'new.txt'))).toEqual([at('ws', 'secret', 'new.txt')]);
    expect(paths(`${at('ws', 'project', 'new')}/../../secret/x`)).toEqual([at('ws', 'secret', 'x')]);
  });

  it('keeps both spellings when a missing name has an NFC/NFD twin on the disk', () => {
    const nfd = at('ws', 'cafe\u0301', 'inside.txt');
    expect(paths(nfd)).toEqual([nfd, at('ws', 'café', 'inside.txt')].sort());
    // The NFC name exists as written: only it.
    expect(paths(at('ws', 'café', 'inside.txt'))).toEqual([at('ws', 'café', 'inside.txt')]);
  });

  it('decodes file: URLs, and also keeps them as the name a server might take them for', () => {
    const url = pathToFileURL(at('ws', 'project', 'notes.txt')).href;
    expect(paths(url, place())).toContain(at('ws', 'project', 'notes.txt'));
    expect(unknown('file://elsewhere/etc/passwd', place())).toMatch(/file: URL/);
    expect(unknown('file:///etc%2Fpasswd', place())).toMatch(/file: URL/);
  });

  it('keeps the reading with quotes and spaces trimmed, as server-filesystem checks it', () => {
    const quoted = ` "${at('ws', 'secret', 'key.txt')}" `;
    expect(paths(quoted, place())).toContain(at('ws', 'secret', 'key.txt'));
  });

  it('is unknown for NUL bytes, symlink loops, unreadable folders and too many components', () => {
    expect(unknown(`${root}/ws/a\u0000b`)).toMatch(/NUL/);
    expect(unknown(at('ws', 'loop-a', 'x'))).toMatch(/more than 40 symlinks/);
    const denied: FileLookup = {
      ...nodeFiles,
      kind: (p) => {
        if (p.endsWith('/secret')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        return nodeFiles.kind(p);
      },
    };
    expect(unknown(at('ws', 'secret', 'key.txt'), undefined, denied)).toMatch(/EACCES at .*\/ws\/secret/);
    const deep = `${root}/${'a/'.repeat(MAX_PATH_COMPONENTS)}x`;
    expect(unknown(deep)).toMatch(`more than ${MAX_PATH_COMPONENTS} components`);
  });

  it('looks at nothing on this machine for a remote server: lexical only', () => {
    const remote = place({ cwd: undefined, remote: true, roots: ['/srv/data'] });
    expect(paths(at('ws', 'project', 'link-out', 'key.txt'), remote)).toEqual([
      at('ws', 'project', 'link-out', 'key.txt'),
    ]);
    expect(paths('a/../b.txt', remote)).toEqual(['/srv/data/b.txt']);
  });
});

describe('isWithin', () => {
  it('compares whole components', () => {
    expect(isWithin('/ws/project/a', '/ws/project', 'linux')).toBe(true);
    expect(isWithin('/ws/project', '/ws/project', 'linux')).toBe(true);
    expect(isWithin('/ws/project-old/a', '/ws/project', 'linux')).toBe(false);
    expect(isWithin('/etc/passwd', '/', 'linux')).toBe(true);
  });

  it('is unknown on Linux for names that differ only in Unicode normalisation, true on macOS', () => {
    expect(isWithin('/ws/cafe\u0301/a', '/ws/café', 'linux')).toMatchObject({ unknown: /Unicode/ });
    expect(isWithin('/ws/cafe\u0301/a', '/ws/café', 'darwin')).toBe(true);
  });

  it('ignores case on macOS and Windows', () => {
    expect(isWithin('/Users/Me/SECRET/a', '/Users/me/secret', 'darwin')).toBe(true);
    expect(isWithin('C:\\Users\\ME\\secret\\a', 'c:\\users\\me\\Secret', 'win32')).toBe(true);
    expect(isWithin('/Users/Me/SECRET/a', '/Users/me/secret', 'linux')).toBe(false);
  });
});

describe('where a server runs', () => {
  it('takes the existing folders in its arguments as its own', () => {
    const args = [
      '-y',
      '@modelcontextprotocol/server-filesystem',
      at('ws', 'project'),
      '~',
      'sub',
      '--root=../secret',
    ];
    expect(foldersInArgs(args, { cwd: at('ws', 'project'), home: at('home'), isDirectory })).toEqual([
      at('ws', 'project'),
      at('home'),
      at('ws', 'project', 'sub'),
      at('ws', 'secret'),
    ]);
    expect(
      serverPlace(
        { transport: 'stdio', args: [at('ws', 'project'), at('ws', 'project', 'notes.txt')] },
        { cwd: at('ws'), env: { HOME: at('home') } },
      ),
    ).toEqual({ cwd: at('ws'), allowed: [at('ws', 'project')], home: at('home') });
  });

  it('marks a remote server as one whose files cannot be looked at', () => {
    expect(serverPlace({ transport: 'http', args: [] }, { cwd: '/', env: { HOME: '/h' } })).toEqual({
      cwd: undefined,
      allowed: [],
      home: '/h',
      remote: true,
    });
  });
});
