import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../main/gateway/line-reader';

function collect(max?: number) {
  const lines: string[] = [];
  const oversize: number[] = [];
  const reader = new LineReader(
    (l) => lines.push(l),
    (b) => oversize.push(b),
    max,
  );
  return { reader, lines, oversize };
}

describe('LineReader', () => {
  it("hands out each message's exact bytes, newline included, for forwarding unchanged", () => {
    const framed: string[] = [];
    const reader = new LineReader(
      (_l, f) => framed.push(f.toString()),
      () => undefined,
    );
    reader.push(Buffer.from('{"a":1}\r\n{"b"'));
    reader.push(Buffer.from(':2}\n{"c":3}'));
    reader.end();
    expect(framed).toEqual(['{"a":1}\r\n', '{"b":2}\n', '{"c":3}\n']);
  });

  it('splits on newlines across chunk boundaries and strips CR', () => {
    const { reader, lines } = collect();
    reader.push(Buffer.from('{"a":1}\r\n{"b"'));
    reader.push(Buffer.from(':2}\n\n{"c":3}'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    reader.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const { reader, lines } = collect();
    const bytes = Buffer.from('{"t":"héllo ✓"}\n');
    reader.push(bytes.subarray(0, 9));
    reader.push(bytes.subarray(9));
    expect(lines).toEqual(['{"t":"héllo ✓"}']);
  });

  it('drops an oversized line whole, reports it, and carries on with the next', () => {
    const { reader, lines, oversize } = collect(10);
    reader.push(Buffer.from('0123456789abcdef'));
    reader.push(Buffer.from('ghij\nok\n'));
    expect(oversize).toEqual([20]);
    expect(lines).toEqual(['ok']);
  });

  it('copies kept bytes so a reused chunk buffer cannot change a pending line', () => {
    const { reader, lines } = collect();
    const chunk = Buffer.from('abc');
    reader.push(chunk);
    chunk.write('xyz');
    reader.push(Buffer.from('\n'));
    expect(lines).toEqual(['abc']);
  });
});
