import { describe, expect, it } from 'vitest';
import type { ToolTrust, TrustOverview } from '../../../shared/trust';
import { reviewCount } from '../../../renderer/src/features/trust/review-count';
import { visibleParts } from '../../../renderer/src/features/trust/visible';

describe('server text on the Trust page', () => {
  it('shows every hidden character as a marked escape', () => {
    expect(visibleParts('a\u200bb\u202ec\n\u001b[8m')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'escape', text: '\\u{200B}', label: 'U+200B' },
      { kind: 'text', text: 'b' },
      { kind: 'escape', text: '\\u{202E}', label: 'U+202E' },
      { kind: 'text', text: 'c' },
      { kind: 'escape', text: '\\n', label: 'U+000A' },
      { kind: 'escape', text: '\\u{001B}', label: 'U+001B' },
      { kind: 'text', text: '[8m' },
    ]);
    const tag = String.fromCodePoint(0xe0041);
    expect(visibleParts(`x${tag}`)).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'escape', text: '\\u{E0041}', label: 'U+E0041' },
    ]);
  });

  it('keeps line breaks as breaks in indented JSON, where they are its own', () => {
    expect(visibleParts('{\n  "a": 1\n}', { lineBreaks: true })).toEqual([
      { kind: 'text', text: '{\n  "a": 1\n}' },
    ]);
  });

  it('counts held servers and tools that need review', () => {
    const tool = (state: ToolTrust['state'], flags: ToolTrust['flags'] = []) =>
      ({ state, flags }) as ToolTrust;
    const overview = {
      servers: [{ state: 'held' }, { state: 'accepted' }],
      tools: [tool('trusted'), tool('trusted', ['instructions']), tool('changed'), tool('rejected')],
      holdNewTools: false,
    } as TrustOverview;
    expect(reviewCount(overview)).toEqual({ servers: 1, tools: 3 });
    expect(reviewCount(undefined)).toEqual({ servers: 0, tools: 0 });
  });
});
