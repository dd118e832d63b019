import { describe, expect, it } from 'vitest';
import type { VisiblePart } from '../../../shared/visible-text';
import {
  argsView,
  displayString,
  foldParts,
  isEmptyArgs,
  type ArgNode,
} from '../../../renderer/src/features/approvals/approval-args';

/** What the parts show, each marked escape in brackets. */
const shown = (parts: readonly VisiblePart[]) =>
  parts.map((part) => (part.kind === 'escape' ? `[${part.text}]` : part.text)).join('');

/** The tree with every run of parts written out as text, for comparing. */
function plain(node: ArgNode): unknown {
  switch (node.kind) {
    case 'object':
      return {
        kind: 'object',
        entries: node.entries.map((e) => ({ key: shown(e.key), value: plain(e.value) })),
      };
    case 'array':
      return { kind: 'array', items: node.items.map(plain) };
    case 'string':
      return node.fold
        ? {
            kind: 'string',
            text: shown(node.parts),
            fold: { preview: shown(node.fold.preview), hidden: node.fold.hidden },
          }
        : { kind: 'string', text: shown(node.parts) };
    default:
      return node;
  }
}

function root(text: string): unknown {
  const view = argsView(text);
  if (view.kind !== 'json') throw new Error(`not JSON: ${text}`);
  return plain(view.root);
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
    const node = root('{"api_key":"[REDACTED]","deep":"[TOO DEEP]","said":"[REDACTED] is fine"}') as {
      entries: { value: unknown }[];
    };
    expect(node.entries.map((entry) => entry.value)).toEqual([
      { kind: 'redacted', marker: '[REDACTED]', label: expect.stringContaining('looks like a secret') },
      { kind: 'redacted', marker: '[TOO DEEP]', label: 'Nested too deeply to show.' },
      { kind: 'string', text: '"[REDACTED] is fine"' },
    ]);
  });

  it('folds long strings and leaves short ones whole', () => {
    const long = 'x'.repeat(300);
    const node = root(JSON.stringify({ short: 'hello', long })) as { entries: { value: unknown }[] };
    expect(node.entries[0]!.value).toEqual({ kind: 'string', text: '"hello"' });
    expect(node.entries[1]!.value).toEqual({
      kind: 'string',
      text: `"${long}"`,
      fold: { preview: `"${'x'.repeat(159)}`, hidden: 302 - 160 },
    });
  });

  it('shows text that is not JSON as it came, and says when the gateway shortened it', () => {
    expect(argsView('{"a":"abc…')).toEqual({
      kind: 'text',
      parts: [{ kind: 'text', text: '{"a":"abc…' }],
      shortened: true,
    });
    expect(argsView('{"a":"x…[truncated 12 chars]')).toMatchObject({ kind: 'text', shortened: true });
    expect(argsView('not json')).toMatchObject({ kind: 'text', shortened: false });
    const hostile = argsView('{"a":"\u202e…');
    expect(hostile.kind === 'text' && shown(hostile.parts)).toBe('{"a":"[\\u{202E}]…');
  });

  it('knows when there are no arguments', () => {
    expect(isEmptyArgs(argsView('{}'))).toBe(true);
    expect(isEmptyArgs(argsView('{"a":1}'))).toBe(false);
    expect(isEmptyArgs(argsView('[]'))).toBe(false);
  });
});

describe('displayString', () => {
  it('writes a JSON string literal', () => {
    expect(shown(displayString('line "two" \\'))).toBe('"line \\"two\\" \\\\"');
  });

  it('marks every character that would not show as itself, the way the rest of Portcullis shows it', () => {
    expect(shown(displayString('rm -rf /tmp/\u202efdp.exe'))).toBe('"rm -rf /tmp/[\\u{202E}]fdp.exe"');
    expect(shown(displayString('a\u200bb\ufeff'))).toBe('"a[\\u{200B}]b[\\u{FEFF}]"');
    expect(shown(displayString('one\ntwo\x1b[2J'))).toBe('"one[\\n]two[\\x1b][2J"');
    expect(shown(displayString('ordinary ünïcode ✓'))).toBe('"ordinary ünïcode ✓"');
  });
});

describe('foldParts', () => {
  const limits = { foldAbove: 10, previewChars: 6 };
  const text = (value: string): VisiblePart[] => [{ kind: 'text', text: value }];

  it('folds only above the limit', () => {
    expect(foldParts(text('0123456789'), limits)).toBeUndefined();
    expect(foldParts(text('0123456789A'), limits)).toEqual({ preview: text('012345'), hidden: 5 });
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const value = `01234😀${'z'.repeat(10)}`;
    expect(foldParts(text(value), limits)).toEqual({ preview: text('01234'), hidden: value.length - 5 });
  });

  it('takes an escape whole or not at all', () => {
    const parts = displayString(`abc\u202e${'z'.repeat(20)}`);
    const fold = foldParts(parts, limits)!;
    expect(shown(fold.preview)).toBe('"abc');
    expect(fold.hidden).toBe(parts.reduce((n, p) => n + p.text.length, 0) - 4);
    expect(shown(foldParts(parts, { foldAbove: 10, previewChars: 13 })!.preview)).toBe('"abc[\\u{202E}]z');
  });
});
