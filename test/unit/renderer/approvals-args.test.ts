import { describe, expect, it } from 'vitest';
import {
  argsView,
  displayString,
  foldText,
  isEmptyArgs,
  type ArgNode,
} from '../../../renderer/src/features/approvals/approval-args';

function root(text: string): ArgNode {
  const view = argsView(text);
  if (view.kind !== 'json') throw new Error(`not JSON: ${text}`);
  return view.root;
}

describe('argsView', () => {
  it('parses the JSON into a tree with each value as JSON writes it', () => {
    expect(root('{"a":2,"b":[true,null,"x"],"c":{}}')).toEqual({
      kind: 'object',
      entries: [
        { key: '"a"', value: { kind: 'literal', text: '2' } },
        {
          key: '"b"',
          value: {
            kind: 'array',
            items: [
              { kind: 'literal', text: 'true' },
              { kind: 'literal', text: 'null' },
              { kind: 'string', text: '"x"' },
            ],
          },
        },
        { key: '"c"', value: { kind: 'object', entries: [] } },
      ],
    });
  });

  it('marks what the gateway redacted as such, not as an ordinary string', () => {
    const node = root('{"api_key":"[REDACTED]","deep":"[TOO DEEP]","said":"[REDACTED] is fine"}');
    expect(node.kind === 'object' && node.entries.map((entry) => entry.value)).toEqual([
      { kind: 'redacted', marker: '[REDACTED]', label: expect.stringContaining('looks like a secret') },
      { kind: 'redacted', marker: '[TOO DEEP]', label: 'Nested too deeply to show.' },
      { kind: 'string', text: '"[REDACTED] is fine"' },
    ]);
  });

  it('folds long strings and leaves short ones whole', () => {
    const long = 'x'.repeat(300);
    const node = root(JSON.stringify({ short: 'hello', long }));
    if (node.kind !== 'object') throw new Error('expected an object');
    expect(node.entries[0]!.value).toEqual({ kind: 'string', text: '"hello"' });
    expect(node.entries[1]!.value).toEqual({
      kind: 'string',
      text: `"${long}"`,
      fold: { preview: `"${'x'.repeat(159)}`, hidden: 302 - 160 },
    });
  });

  it('shows text that is not JSON as it came, and says when the gateway shortened it', () => {
    expect(argsView('{"a":"abc…')).toEqual({ kind: 'text', text: '{"a":"abc…', shortened: true });
    expect(argsView('{"a":"x…[truncated 12 chars]')).toMatchObject({ kind: 'text', shortened: true });
    expect(argsView('not json')).toEqual({ kind: 'text', text: 'not json', shortened: false });
  });

  it('knows when there are no arguments', () => {
    expect(isEmptyArgs(argsView('{}'))).toBe(true);
    expect(isEmptyArgs(argsView('{"a":1}'))).toBe(false);
    expect(isEmptyArgs(argsView('[]'))).toBe(false);
  });
});

describe('displayString', () => {
  it('writes a JSON string literal', () => {
    expect(displayString('line one\nline "two"')).toBe('"line one\\nline \\"two\\""');
  });

  it('makes invisible and direction-changing characters visible', () => {
    expect(displayString('rm -rf /tmp/\u202efdp.exe')).toBe('"rm -rf /tmp/\\u202efdp.exe"');
    expect(displayString('a\u200bb\ufeff')).toBe('"a\\u200bb\\ufeff"');
    expect(displayString('ordinary ünïcode ✓')).toBe('"ordinary ünïcode ✓"');
  });
});

describe('foldText', () => {
  const limits = { foldAbove: 10, previewChars: 6 };

  it('folds only above the limit', () => {
    expect(foldText('0123456789', limits)).toBeUndefined();
    expect(foldText('0123456789A', limits)).toEqual({ preview: '012345', hidden: 5 });
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const text = `01234😀${'z'.repeat(10)}`;
    expect(foldText(text, limits)).toEqual({ preview: '01234', hidden: text.length - 5 });
  });
});
