import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeHttpResponse } from '../../../renderer/src/api/envelope';

const status = {
  version: '0.1.0',
  dataDir: '/tmp/portcullis',
  pid: 42,
  startedAt: 1,
  socketPath: '/tmp/portcullis/gw.sock',
  sessions: [],
  policyRevision: 3,
  pendingApprovals: 0,
  pausedUntil: null,
};

describe('decodeEnvelope', () => {
  it('passes data that matches the channel result', () => {
    expect(decodeEnvelope('status:get', { ok: true, data: status })).toEqual({ ok: true, data: status });
  });

  it('applies the result schema, defaults included', () => {
    const server = {
      client: 'cursor',
      name: 'github',
      transport: 'stdio',
      id: 1,
      definitionHash: 'h',
      registeredAt: 1,
      updatedAt: 1,
    };
    const decoded = decodeEnvelope('servers:list', { ok: true, data: [server] });
    expect(decoded).toEqual({ ok: true, data: [{ ...server, args: [], envKeys: [], headerKeys: [] }] });
  });

  it('turns data that breaks the contract into an internal error naming the field', () => {
    const decoded = decodeEnvelope('status:get', { ok: true, data: { ...status, policyRevision: 'three' } });
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error.code).toBe('internal');
    expect(decoded.error.message).toContain('status:get');
    expect(decoded.error.message).toContain('policyRevision');
  });

  it('keeps the code and message of an error envelope', () => {
    const body = { ok: false, error: { code: 'not_found', message: 'No such thing.', details: { id: 7 } } };
    expect(decodeEnvelope('policy:get', body)).toEqual(body);
  });

  it('refuses something that is not an envelope', () => {
    for (const body of [null, [], { data: status }, { ok: 'yes' }, { ok: false, error: { code: 'nope' } }]) {
      const decoded = decodeEnvelope('status:get', body);
      expect(decoded.ok, JSON.stringify(body)).toBe(false);
      if (!decoded.ok) expect(decoded.error.code).toBe('internal');
    }
  });
});

describe('decodeHttpResponse', () => {
  it('decodes a 200 envelope', () => {
    expect(decodeHttpResponse('status:get', 200, JSON.stringify({ ok: true, data: status }))).toEqual({
      ok: true,
      data: status,
    });
  });

  it('makes any 401 an unauthorized error, with the server message when there is one', () => {
    const withBody = decodeHttpResponse(
      'status:get',
      401,
      JSON.stringify({ ok: false, error: { code: 'internal', message: 'Token expired.' } }),
    );
    expect(withBody).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Token expired.' } });

    const bare = decodeHttpResponse('status:get', 401, 'Unauthorized');
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.error.code).toBe('unauthorized');
  });

  it('passes an error envelope sent with another status', () => {
    const body = { ok: false, error: { code: 'invalid_argument', message: 'limit: too big' } };
    expect(decodeHttpResponse('live:recent', 400, JSON.stringify(body))).toEqual(body);
  });

  it('reports a body that is not JSON as unavailable (5xx) or internal', () => {
    const proxy = decodeHttpResponse('status:get', 502, '<html>Bad gateway</html>');
    const missing = decodeHttpResponse('status:get', 404, 'Not found');
    expect(proxy.ok || proxy.error.code).toBe('unavailable');
    expect(missing.ok || missing.error.code).toBe('internal');
    if (!missing.ok) expect(missing.error.message).toContain('HTTP 404');
  });
});
