import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../../shared/shell-quote';

/** What a real shell makes of a quoted word: the test runs it, rather than trusting the quoting. */
function throughShell(word: string): string {
  return execFileSync('bash', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' });
}

describe('a word for a shell', () => {
  it('quotes a hostile name so the shell reads it as one plain word', () => {
    for (const name of [
      '$(touch /tmp/pwned)',
      "it's `id`; rm -rf ~",
      'a b\tc',
      '--format=json',
      '*',
      '"$HOME"',
      "'",
      '',
    ]) {
      expect(throughShell(shellQuote(name))).toBe(name);
    }
  });

  it('writes control and invisible characters as escapes, so pasting sends only printable text', () => {
    const hostile = 'ok\u001b]8;;https://evil.example\u0007\r\nrm -rf ~\u202Etxt.exe';
    const quoted = shellQuote(hostile);
    expect(quoted).toMatch(/^\$'/);
    expect(quoted).toMatch(/^[\x20-\x7e]+$/);
    expect(throughShell(quoted)).toBe(hostile);
  });

  it('leaves a plain word as it is', () => {
    expect(shellQuote('claude-desktop')).toBe('claude-desktop');
  });
});
