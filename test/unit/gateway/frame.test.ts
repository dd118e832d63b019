import { describe, expect, it } from 'vitest';
import { MAX_NESTING, peekEnvelope, readMessage, structureProblem } from '../../../main/gateway/frame';

const framed = (text: string) => Buffer.from(`${text}\n`);

describe('readMessage: what Portcullis reads is the only thing a server can read', () => {
  it('accepts ordinary messages and batches', () => {
    const line =
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"a":[1,{"b":"c"}]}}}';
    expect(readMessage(line, framed(line))).toMatchObject({ ok: true });
    expect(readMessage(`[${line},${line}]`)).toMatchObject({ ok: true });
  });

  it.each([
    ['method written twice', '{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/call"}', 'method'],
    [
      'name written twice',
      '{"id":1,"method":"tools/call","params":{"name":"echo","name":"delete_file"}}',
      'name',
    ],
    [
      'an argument written twice',
      '{"id":1,"method":"tools/call","params":{"name":"r","arguments":{"path":"/tmp/a","path":"/etc/shadow"}}}',
      'path',
    ],
    ['a key written twice with an escape', '{"id":1,"method":"tools/call","\\u006dethod":"ping"}', 'method'],
    [
      'a duplicate inside a batch element',
      '[{"id":1,"method":"ping"},{"id":2,"id":3,"method":"ping"}]',
      'id',
    ],
  ])('refuses a %s', (_what, line, key) => {
    const read = readMessage(line, framed(line));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toContain(`"${key}"`);
  });

  it('does not mistake a string value that looks like a key for a duplicate', () => {
    const line =
      '{"id":1,"method":"tools/call","params":{"name":"method","arguments":{"x":"\\"method\\":","method":"y"}}}';
    expect(readMessage(line, framed(line))).toMatchObject({ ok: true });
  });

  it('keys in sibling objects may repeat', () => {
    expect(structureProblem('[{"a":1},{"a":2},{"b":{"a":3}}]')).toBeUndefined();
  });

  it('refuses invalid UTF-8 that a forgiving decoder could turn into another name', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":1,"method":"tools/call","params":{"name":"dele'),
      Buffer.from([0xff]),
      Buffer.from('te"}}\n'),
    ]);
    const read = readMessage(bytes.toString('utf8', 0, bytes.length - 1), bytes);
    expect(read).toMatchObject({ ok: false, parse: true, problem: 'the message is not valid UTF-8' });
  });

  it('refuses text that is not JSON, a BOM, comments, trailing garbage and non-objects', () => {
    for (const line of [
      '\ufeff{"id":1}',
      '{"id":1,/*x*/"method":"ping"}',
      '{"id":1}{"id":2}',
      '{"id":1,}',
      '1',
      '"x"',
      'null',
      '[1]',
    ]) {
      expect(readMessage(line).ok, line).toBe(false);
    }
  });

  it('refuses nesting deeper than the cap, in one pass that never recurses', () => {
    const deep = `{"id":1,"method":"tools/call","params":{"name":"x","arguments":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    const read = readMessage(deep);
    expect(read).toMatchObject({ ok: false });
    if (!read.ok) expect(read.problem).toContain(`${MAX_NESTING} levels`);
    const atCap = `${'['.repeat(MAX_NESTING - 1)}{}${']'.repeat(MAX_NESTING - 1)}`;
    expect(structureProblem(atCap)).toBeUndefined();
  });

  it('skips long strings and escaped quotes correctly', () => {
    const value = `${'x'.repeat(100_000)}\\"\\\\`;
    expect(structureProblem(`{"a":"${value}","b":1,"c":"\\\\"}`)).toBeUndefined();
    expect(structureProblem(`{"a":"${value}","b":1,"a":2}`)).toContain('"a"');
  });
});

describe('peekEnvelope: the id of a message too large to read whole', () => {
  it('reads a top-level id and method from the head', () => {
    expect(
      peekEnvelope(
        '{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"x","arguments":{"data":"aaaa',
      ),
    ).toEqual({ id: 42, method: 'tools/call' });
    expect(peekEnvelope('{"method":"tools/call","id":"req-1","params":{"id":7')).toEqual({
      id: 'req-1',
      method: 'tools/call',
    });
  });

  it('ignores ids nested deeper, and trusts no id written twice or cut off', () => {
    expect(peekEnvelope('{"params":{"id":7},"method":"x","id":')).toEqual({ method: 'x' });
    expect(peekEnvelope('{"id":1,"id":2,"method":"tools/call"')).toEqual({});
    expect(peekEnvelope('{"id":"abc')).toEqual({});
    expect(peekEnvelope('{"id":12')).toEqual({});
  });
});
