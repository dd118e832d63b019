import { describe, expect, it } from 'vitest';
import { hiddenCharacters } from '../../../renderer/src/features/policies/hidden-characters';

describe('hiddenCharacters', () => {
  it('finds what a text box would not show, with its line and place, and skips the layout', () => {
    const text = '{\r\n\t"tools": {\n  "invoice\u202Etxt.exe": {},\n  "x\u{E0041}\u200B": {}\n}\n}';
    const found = hiddenCharacters(text);
    expect(found.map((h) => [h.line, h.escape.text, text.slice(h.offset, h.offset + h.length)])).toEqual([
      [3, '\\u{202E}', '\u202E'],
      [4, '\\u{E0041}', '\u{E0041}'],
      [4, '\\u{200B}', '\u200B'],
    ]);
  });

  it('finds a carriage return that does not end a line', () => {
    expect(hiddenCharacters('{"a":\r1}').map((h) => h.escape.text)).toEqual(['\\r']);
  });

  it('finds nothing in an ordinary document', () => {
    expect(hiddenCharacters('{\n  "version": "1",\n  "tools": { "日本": {} }\n}\n')).toEqual([]);
  });
});
