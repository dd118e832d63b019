import { describe, expect, it } from 'vitest';
import { parseShimEntry } from '../../../main/clients';

describe('parseShimEntry', () => {
  it('recognises an entry written by connect, wherever the program lives', () => {
    expect(
      parseShimEntry({
        command: '/usr/bin/node',
        args: [
          '/home/me/src/gate/out/main/cli.js',
          'shim',
          '--client',
          'cursor',
          '--server',
          'github',
          '--data-dir',
          '/d',
        ],
        env: { TOKEN: 'x' },
      }),
    ).toEqual({ client: 'cursor', server: 'github' });
    expect(
      parseShimEntry({
        command: 'C:\\Program Files\\Portcullis\\Portcullis.exe',
        args: ['shim', '--client', 'claude-desktop', '--server', 'my server'],
      }),
    ).toEqual({ client: 'claude-desktop', server: 'my server' });
  });

  it('rejects entries that are not ours or are incomplete', () => {
    const base = { command: 'node', args: ['cli.js', 'shim', '--client', 'cursor', '--server', 'a'] };
    expect(parseShimEntry(base)).not.toBeNull();
    expect(parseShimEntry({ ...base, args: ['--client', 'cursor', '--server', 'a'] })).toBeNull();
    expect(parseShimEntry({ ...base, args: ['shim', '--client', 'cursor', '--server'] })).toBeNull();
    expect(parseShimEntry({ ...base, args: ['shim', '--server', 'a', '--client', 'c'] })).toBeNull();
    expect(parseShimEntry({ ...base, args: ['shim', '--client', '--server', 'a', 'b'] })).toBeNull();
    expect(parseShimEntry({ ...base, args: ['shim', 7, '--client', 'c', '--server', 'a'] })).toBeNull();
    expect(parseShimEntry({ ...base, command: 7 })).toBeNull();
    expect(parseShimEntry({ url: 'https://portcullis.example/mcp' })).toBeNull();
    expect(parseShimEntry(null)).toBeNull();
    expect(parseShimEntry(['node', 'shim'])).toBeNull();
  });
});
