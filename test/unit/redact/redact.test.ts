import { describe, expect, it } from 'vitest';
import { REDACTED, findSecrets, redact, redactText, redactedJson } from '../../../main/redact';
import { join } from '../../fixtures/secrets/fake';
import { secretCorpus } from '../../fixtures/secrets/secret-corpus';

const github = join('gh', 'p_', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5');

describe('redact (structured values)', () => {
  it('redacts values under secret names, at any depth', () => {
    const out = redact({
      path: '/tmp/x',
      apiKey: 'abc',
      nested: { password: 'hunter2', headers: { Authorization: 'Basic Zm9v' } },
      list: [{ token: 't' }],
      env: { PGPASSWORD: 'p', DB_PASS: 'q' },
    });
    expect(out).toEqual({
      path: '/tmp/x',
      apiKey: REDACTED,
      nested: { password: REDACTED, headers: { Authorization: REDACTED } },
      list: [{ token: REDACTED }],
      env: { PGPASSWORD: REDACTED, DB_PASS: REDACTED },
    });
  });

  it('matches secret names by their last word: max_tokens is not a secret, accessToken is', () => {
    expect(
      redact({
        max_tokens: 5,
        tokens_used: 7,
        token_count: 3,
        author: 'me',
        auth_url: 'https://auth.example.com',
        password_file: '/run/secrets/db',
        nextPageToken: 'page-2',
        accessToken: 'a',
        'x-api-key': 'b',
        client_secret: 'c',
        sessionId: 'd',
        PRIVATE_KEY: 'e',
        password_hash: 'f',
      }),
    ).toEqual({
      max_tokens: 5,
      tokens_used: 7,
      token_count: 3,
      author: 'me',
      auth_url: 'https://auth.example.com',
      password_file: '/run/secrets/db',
      nextPageToken: 'page-2',
      accessToken: REDACTED,
      'x-api-key': REDACTED,
      client_secret: REDACTED,
      sessionId: REDACTED,
      PRIVATE_KEY: REDACTED,
      password_hash: REDACTED,
    });
  });

  it('keeps what says nothing under a secret name: empty, null, and flags', () => {
    expect(redact({ password: '', token: null, auth: true, secret: false })).toEqual({
      password: '',
      token: null,
      auth: true,
      secret: false,
    });
  });

  it('redacts well-known token shapes inside any string, keeping the rest of it', () => {
    expect(redact({ note: `use ${github} please`, plain: 'hello world' })).toEqual({
      note: `use ${REDACTED} please`,
      plain: 'hello world',
    });
  });

  it('redacts secrets in key names too, and keeps two keys that redact alike', () => {
    const other = join('gh', 'p_', 'Zz9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8');
    const out = redact({ [`${github}`]: 1, [`${other}`]: 2, [REDACTED]: 3 }) as Record<string, unknown>;
    expect(out).toEqual({ [REDACTED]: 1, [`${REDACTED} (2)`]: 2, [`${REDACTED} (3)`]: 3 });
  });

  it('keeps a key named __proto__ as a key, so nothing can hide from the audit behind it', () => {
    const parsed = JSON.parse('{"__proto__": {"password": "hunter2", "note": "x"}}') as unknown;
    const text = JSON.stringify(redact(parsed));
    expect(text).toBe('{"__proto__":{"password":"[REDACTED]","note":"x"}}');
  });

  it('stops at a depth, with a marker', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(JSON.stringify(redact(deep))).toContain('"[TOO DEEP]"');
  });

  it('cuts long JSON with a visible marker', () => {
    const text = redactedJson({ a: 'x'.repeat(100) }, 20);
    expect(text.startsWith('{"a":"xxxxxxxxxxxxxx')).toBe(true);
    expect(text).toMatch(/…\[truncated \d+ chars\]$/);
  });
});

describe('redactText', () => {
  it.each([
    ['postgres://app:s3cr3t@db:5432/prod', `postgres://app:${REDACTED}@db:5432/prod`],
    ['postgres://app:p@ss@db/prod', `postgres://app:${REDACTED}@db/prod`],
    ['PGPASSWORD=hunter2 psql -h db', `PGPASSWORD=${REDACTED} psql -h db`],
    ['DB_PASS: s3cr3t', `DB_PASS: ${REDACTED}`],
    ['export GITHUB_TOKEN="abc123def"', `export GITHUB_TOKEN="${REDACTED}"`],
    ['{"ssh_key": "abc123", "user": "me"}', `{"ssh_key": "${REDACTED}", "user": "me"}`],
    ['mysqldump --password=hunter2 shop', `mysqldump --password=${REDACTED} shop`],
    ['./deploy --token abc123 --env prod', `./deploy --token ${REDACTED} --env prod`],
    ['mysql -u root -phunter2 shop', `mysql -u root -p${REDACTED} shop`],
    [
      'Server=db;User ID=app;Password=p@ss;Encrypt=True',
      `Server=db;User ID=app;Password=${REDACTED};Encrypt=True`,
    ],
    ['Authorization: Bearer abc123def456ghi789', `Authorization: Bearer ${REDACTED}`],
    ['curl -u admin:hunter2 https://x', `curl -u admin:${REDACTED} https://x`],
    [`Error: 401 for ${github}`, `Error: 401 for ${REDACTED}`],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('keeps the armour lines of a private key and replaces its body, through the END or to the end', () => {
    const begin = ['-----BEGIN', 'RSA', 'PRIVATE', 'KEY-----'].join(' ');
    const end = ['-----END', 'RSA', 'PRIVATE', 'KEY-----'].join(' ');
    expect(redactText(`key:\n${begin}\nMIIEowIBAAKCAQEA\n${end}\nthanks`)).toBe(
      `key:\n${begin}${REDACTED}${end}\nthanks`,
    );
    expect(redactText(`${begin}\nMIIEowIBAAKCAQEA`)).toBe(`${begin}${REDACTED}`);
  });

  it('leaves prose about secrets, and their names in code, alone', () => {
    for (const text of [
      'Reset your password: click the link we sent.',
      'max_tokens: 400',
      'use --token to pass a token',
      'const apiKey = process.env.OPENAI_API_KEY;',
      'token_type: "bearer"',
      'Bearer authentication is required',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('does not let a rejected name hide a secret behind it', () => {
    expect(redactText('mapping=password=hunter2')).toBe(`mapping=password=${REDACTED}`);
    expect(redactText(`token_count=${github}`)).toBe(`token_count=${REDACTED}`);
    expect(redactText(`Basic ${github}`)).toBe(`Basic ${REDACTED}`);
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    for (const sample of secretCorpus()) {
      const once =
        typeof sample.input === 'string' ? redactText(sample.input) : JSON.stringify(redact(sample.input));
      const twice =
        typeof sample.input === 'string' ? redactText(once) : JSON.stringify(redact(JSON.parse(once)));
      expect(twice, `${sample.kind}/${sample.context}`).toBe(once);
    }
  });

  it('reports where and what it found', () => {
    const text = `a ${github} b`;
    expect(findSecrets(text)).toEqual([{ start: 2, end: 2 + github.length, kind: 'github-token' }]);
  });
});
