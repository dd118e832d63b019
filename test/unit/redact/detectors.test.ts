import { describe, expect, it } from 'vitest';
import { TOKEN_START } from '../../../main/redact/detector';
import { detectors } from '../../../main/redact/scan';
import { secretCorpus } from '../../fixtures/secrets/secret-corpus';

/** The rules a detector's pattern must keep for the scanner (main/redact/scan.ts) to work. */
describe('detectors', () => {
  const texts = secretCorpus().map((s) => (typeof s.input === 'string' ? s.input : JSON.stringify(s.input)));
  const pattern = (d: (typeof detectors)[number]) => (d.tokenStart ? `${TOKEN_START}${d.source}` : d.source);

  it.each(detectors.map((d) => [d.kind, d] as const))(
    '%s compiles, captures only by name, never matches nothing',
    (_, d) => {
      const regex = new RegExp(pattern(d), 'dg');
      // Token-start patterns share one alternation, found by group number: only named groups allowed,
      // and those become plain groups there.
      const anonymous = d.source.replace(/\(\?<[A-Za-z][A-Za-z0-9]*>/g, '(?:');
      expect(new RegExp(`${anonymous}|`).exec('')!.length).toBe(1);
      expect(d.source).not.toMatch(/\\[1-9]|\\k</);
      for (const name of Object.keys(new RegExp(`${d.source}|`).exec('')!.groups ?? {})) {
        expect(name).toMatch(/^(secret[0-9]*|key|keyHead|keyWord|keyTail|quote|separator)$/);
      }
      for (const text of ['', 'x', ' ', '\n', ...texts.slice(0, 50)]) {
        regex.lastIndex = 0;
        for (let m = regex.exec(text); m; m = regex.exec(text)) {
          expect(m[0].length, JSON.stringify(text)).toBeGreaterThan(0);
        }
      }
    },
  );

  it.each(detectors.map((d) => [d.kind, d] as const))('%s finds something in the secret corpus', (_, d) => {
    const regex = new RegExp(pattern(d));
    expect(texts.some((t) => regex.test(t))).toBe(true);
  });
});
