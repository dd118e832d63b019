import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactedJson } from '../../../main/gateway/redact';

describe('redact', () => {
  it('redacts values under secret-looking keys, at any depth', () => {
    const out = redact({
      path: '/tmp/x',
      apiKey: 'abc',
      nested: { password: 'hunter2', headers: { Authorization: 'Basic Zm9v' } },
      list: [{ token: 't' }],
    });
    expect(out).toEqual({
      path: '/tmp/x',
      apiKey: REDACTED,
      nested: { password: REDACTED, headers: { Authorization: REDACTED } },
      list: [{ token: REDACTED }],
    });
  });

  it('redacts well-known token shapes wherever they appear', () => {
    const out = redact({
      note: 'use ghp_abcdefghijklmnopqrstuvwxyz0123 please',
      aws: 'AKIAABCDEFGHIJKLMNOP',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      plain: 'hello world',
    });
    expect(out).toEqual({
      note: `use ${REDACTED} please`,
      aws: REDACTED,
      jwt: REDACTED,
      plain: 'hello world',
    });
  });

  it('matches secret words as whole words of the key, in any casing style', () => {
    expect(
      redact({
        max_tokens: 5,
        tokens_used: 7,
        author: 'me',
        accessToken: 'a',
        'x-api-key': 'b',
        client_secret: 'c',
        sessionId: 'd',
        PRIVATE_KEY: 'e',
      }),
    ).toEqual({
      max_tokens: 5,
      tokens_used: 7,
      author: 'me',
      accessToken: REDACTED,
      'x-api-key': REDACTED,
      client_secret: REDACTED,
      sessionId: REDACTED,
      PRIVATE_KEY: REDACTED,
    });
  });

  it('cuts long JSON with a visible marker', () => {
    const text = redactedJson({ a: 'x'.repeat(100) }, 20);
    expect(text.startsWith('{"a":"xxxxxxxxxxxxxx')).toBe(true);
    expect(text).toMatch(/…\[truncated \d+ chars\]$/);
  });
});

describe('secret value patterns', () => {
  it('keep their own case rules when scanned as one', () => {
    expect(redact('AKIAABCDEFGHIJKLMNOP')).toBe(REDACTED);
    expect(redact('akiaabcdefghijklmnop')).toBe('akiaabcdefghijklmnop');
    expect(redact('bearer abcdefghijklmnop')).toBe(REDACTED);
    expect(redact('BEARER abcdefghijklmnop')).toBe(REDACTED);
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA')).toBe(REDACTED);
    expect(
      redact('key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\nthanks'),
    ).toBe(`key:\n${REDACTED}\nthanks`);
    expect(redact('send it to ops with Bearer abcdefghijklmnop123 attached')).toBe(
      `send it to ops with ${REDACTED} attached`,
    );
  });
});
