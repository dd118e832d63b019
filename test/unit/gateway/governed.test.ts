import { describe, expect, it } from 'vitest';
import { examine } from '../../../main/gateway/governed';
import type { JsonRpcMessage } from '../../../main/gateway/jsonrpc';

const none = () => false;
const call = (extra: Record<string, unknown>): JsonRpcMessage => ({
  jsonrpc: '2.0',
  method: 'tools/call',
  params: { name: 'echo', arguments: { message: 'hi' } },
  ...extra,
});

describe('examine: every message that names tools/call is decided or refused', () => {
  it('hands a well-formed call to the policy', () => {
    expect(examine(call({ id: 1 }), none)).toMatchObject({
      kind: 'call',
      id: 1,
      tool: 'echo',
      args: { message: 'hi' },
    });
    expect(examine(call({ id: 'a' }), none)).toMatchObject({ kind: 'call', id: 'a' });
    expect(examine({ id: 2, method: 'tools/call', params: { name: 'echo' } }, none)).toMatchObject({
      kind: 'call',
      args: {},
    });
  });

  it.each([
    ['no id (a notification)', call({})],
    ['a null id', call({ id: null })],
    ['a boolean id', call({ id: true })],
    ['an object id', call({ id: { a: 1 } })],
    ['an array id', call({ id: [1] })],
    ['a fractional id', call({ id: 1.5 })],
    ['an id beyond 2^53', call({ id: 2 ** 60 })],
    ['an infinite id', call({ id: Infinity })],
    ['a very long string id', call({ id: 'x'.repeat(300) })],
  ])('refuses a call with %s, and never passes it', (_what, message) => {
    expect(examine(message, none)).toMatchObject({ kind: 'refuse', id: null, call: true });
  });

  it.each([
    ['no params', { id: 1, method: 'tools/call' }],
    ['params that are an array', { id: 1, method: 'tools/call', params: ['echo'] }],
    ['a missing name', { id: 1, method: 'tools/call', params: { arguments: {} } }],
    ['a numeric name', { id: 1, method: 'tools/call', params: { name: 7 } }],
    ['an empty name', { id: 1, method: 'tools/call', params: { name: '' } }],
    [
      'arguments that are an array',
      { id: 1, method: 'tools/call', params: { name: 'echo', arguments: ['x'] } },
    ],
    [
      'arguments that are a string',
      { id: 1, method: 'tools/call', params: { name: 'echo', arguments: '{"message":"hi"}' } },
    ],
    [
      'a name with a right-to-left override',
      { id: 1, method: 'tools/call', params: { name: 'read\u202Efile' } },
    ],
    [
      'a name with a zero-width space',
      { id: 1, method: 'tools/call', params: { name: 'delete\u200B_file' } },
    ],
    ['a name with a newline', { id: 1, method: 'tools/call', params: { name: 'echo\nfake' } }],
    ['a name with a lone surrogate', { id: 1, method: 'tools/call', params: { name: 'echo\uD800' } }],
    ['a decomposed (NFD) name', { id: 1, method: 'tools/call', params: { name: 'cafe\u0301' } }],
    ['a name past the cap', { id: 1, method: 'tools/call', params: { name: 'x'.repeat(257) } }],
  ])('answers a call with %s with its own id', (_what, message) => {
    expect(examine(message as JsonRpcMessage, none)).toMatchObject({ kind: 'refuse', id: 1, call: true });
  });

  it.each([
    'Tools/Call',
    'TOOLS/CALL',
    ' tools/call',
    'tools/call ',
    'tools/call\u200B',
    'tools\\call',
    'tools.call',
    'tools_call',
    'ｔｏｏｌｓ/ｃａｌｌ',
    'tools//call',
    '/tools/call',
  ])('refuses a method a lenient server could read as tools/call: %j', (method) => {
    expect(examine({ id: 1, method, params: { name: 'echo' } }, none)).toMatchObject({
      kind: 'refuse',
      call: true,
    });
  });

  it('refuses a method that is not a string', () => {
    expect(examine({ id: 1, method: ['tools/call'], params: { name: 'echo' } }, none)).toMatchObject({
      kind: 'refuse',
      call: true,
    });
    expect(examine({ id: 1, method: 5 }, none)).toMatchObject({ kind: 'refuse', call: false });
  });

  it('refuses a request whose id is already in flight', () => {
    expect(examine(call({ id: 1 }), (id) => id === 1)).toMatchObject({ kind: 'refuse', call: true });
    expect(examine({ id: 1, method: 'ping' }, (id) => id === 1)).toMatchObject({
      kind: 'refuse',
      call: false,
    });
  });

  it('passes what it does not govern: other methods, notifications, and answers to the server', () => {
    expect(examine({ id: 1, method: 'resources/read', params: {} }, none)).toEqual({ kind: 'pass' });
    expect(examine({ method: 'notifications/initialized' }, none)).toEqual({ kind: 'pass' });
    expect(examine({ id: 5, result: {} }, none)).toEqual({ kind: 'pass' });
    expect(examine({ id: 5, error: { code: 1, message: 'x' } }, none)).toEqual({ kind: 'pass' });
    expect(examine({ method: 'notifications/tools/list_changed' }, none)).toEqual({ kind: 'pass' });
  });

  it('refuses a message that is neither a request, a notification nor an answer', () => {
    expect(examine({ id: 1, params: { name: 'echo' } }, none)).toMatchObject({ kind: 'refuse' });
  });
});
