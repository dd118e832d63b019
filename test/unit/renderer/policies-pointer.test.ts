import { describe, expect, it } from 'vitest';
import {
  lineOfOffset,
  locateIssue,
  locatePointer,
  offsetOfLineColumn,
  parsePointer,
} from '../../../renderer/src/features/policies/json-pointer';

const doc = `{
  "version": "1",
  "default": "allow",
  "tools": {
    "a/b": { "acton": "deny" },
    "list": [{ "action": "allow" }, { "action": "nope" }]
  }
}
`;

const selected = (text: string, pointer: string) => {
  const found = locatePointer(text, pointer);
  return (
    found && {
      text: text.slice(found.range.offset, found.range.offset + found.range.length),
      exact: found.exact,
    }
  );
};

describe('parsePointer', () => {
  it('reads RFC 6901 pointers, unescaping ~1 and ~0', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/tools/a~1b/x~0y')).toEqual(['tools', 'a/b', 'x~y']);
    expect(parsePointer('tools')).toBeUndefined();
  });
});

describe('locatePointer', () => {
  it('selects an object member, key and value, for an unknown key', () => {
    expect(selected(doc, '/tools/a~1b/acton')).toEqual({ text: '"acton": "deny"', exact: true });
  });

  it('walks into arrays by index', () => {
    expect(selected(doc, '/tools/list/1/action')).toEqual({ text: '"action": "nope"', exact: true });
    expect(selected(doc, '/tools/list/0')).toEqual({ text: '{ "action": "allow" }', exact: true });
  });

  it('falls back to the deepest part that exists when the pointer names something missing', () => {
    expect(selected(doc, '/tools/list/7')).toEqual({
      text: doc.slice(doc.indexOf('"list"'), doc.indexOf(']') + 1),
      exact: false,
    });
    expect(selected(doc, '/servers')).toEqual({ text: '{', exact: false });
  });

  it('selects the first character for the root pointer', () => {
    expect(selected(doc, '')).toEqual({ text: '{', exact: true });
  });

  it('uses the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"default": "allow", "default": 5}';
    expect(selected(text, '/default')?.text).toBe('"default": 5');
  });

  it('still finds what parses in text with a syntax error further on', () => {
    const text = '{\n  "version": "1",\n  "default": "allow",\n  "tools": { "x": { "action": "deny" } \n';
    expect(selected(text, '/default')?.text).toBe('"default": "allow"');
  });

  it('returns undefined for text that is no JSON at all, or a malformed pointer', () => {
    expect(locatePointer('', '/x')).toBeUndefined();
    expect(locatePointer(doc, 'tools')).toBeUndefined();
  });
});

describe('line and column', () => {
  const text = 'ab\ncde\n\nf';

  it('maps a 1-based line and column to an offset, clamped to the line', () => {
    expect(offsetOfLineColumn(text, 1, 1)).toBe(0);
    expect(offsetOfLineColumn(text, 2, 3)).toBe(5);
    expect(offsetOfLineColumn(text, 2, 99)).toBe(6);
    expect(offsetOfLineColumn(text, 4, 1)).toBe(8);
    expect(offsetOfLineColumn(text, 9, 1)).toBe(text.length);
  });

  it('counts the line of an offset', () => {
    expect(lineOfOffset(text, 0)).toBe(1);
    expect(lineOfOffset(text, 5)).toBe(2);
    expect(lineOfOffset(text, 8)).toBe(4);
  });
});

describe('locateIssue', () => {
  it('places a syntax error by the line and column its message names', () => {
    const text = '{\n  "version": "1"\n  "default": "allow"\n}';
    const issue = {
      pointer: '',
      message: 'Not valid JSON at line 3, column 3: a comma is expected here, between two entries.',
    };
    expect(locateIssue(text, issue)).toEqual({ offset: text.indexOf('"default"'), length: 0 });
  });

  it('places a schema issue by its pointer', () => {
    const range = locateIssue(doc, { pointer: '/tools/a~1b/acton', message: 'Unknown key "acton".' });
    expect(range && doc.slice(range.offset, range.offset + range.length)).toBe('"acton": "deny"');
  });
});
