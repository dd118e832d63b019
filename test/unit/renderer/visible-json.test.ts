import { describe, expect, it } from 'vitest';
import type { VisiblePart } from '../../../shared/visible-text';
import { visibleJsonLines } from '../../../renderer/src/lib/visible-json';

/** What a line shows, with each escape in brackets so a test sees which parts are marked. */
const show = (lines: VisiblePart[][] | undefined) =>
  lines?.map((line) => line.map((part) => (part.kind === 'escape' ? `[${part.text}]` : part.text)).join(''));

describe('visibleJsonLines', () => {
  it('pretty-prints JSON, two spaces per level', () => {
    expect(show(visibleJsonLines('{"a":1,"b":[true,null],"c":{},"d":[]}'))).toEqual([
      '{',
      '  "a": 1,',
      '  "b": [',
      '    true,',
      '    null',
      '  ],',
      '  "c": {},',
      '  "d": []',
      '}',
    ]);
    expect(show(visibleJsonLines('"x"'))).toEqual(['"x"']);
  });

  it('marks hidden characters in keys and values, JSON keeps raw or not', () => {
    const args = JSON.stringify({ 'pa\u200Bth': 'good\rbad \u202Eexe.txt \x1b[2J', quote: 'say "hi" \\' });
    expect(show(visibleJsonLines(args))).toEqual([
      '{',
      '  "pa[\\u{200B}]th": "good[\\r]bad [\\u{202E}]exe.txt [\\x1b][2J",',
      '  "quote": "say \\"hi\\" \\\\"',
      '}',
    ]);
  });

  it('is undefined for text that is not JSON, such as a shortened preview', () => {
    expect(visibleJsonLines('{"path":"/tmp/…')).toBeUndefined();
  });
});
