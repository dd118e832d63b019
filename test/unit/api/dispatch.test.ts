import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { createDispatch, type ApiHandlers } from '../../../main/api/dispatch';

describe('dispatch', () => {
  it('redacts secrets in the error messages it sends to the UI and the CLI', async () => {
    const password = 'c0rrect-h0rse';
    // Only the channels called here; the rest are never reached.
    const handlers = {
      'status:get': () => {
        throw new Error(`could not reach postgres://app:${password}@db:5432/prod`);
      },
      'sessions:list': () => {
        throw new ApiError('invalid_argument', `the config says PGPASSWORD=${password}`);
      },
    } as Partial<ApiHandlers> as ApiHandlers;
    const dispatch = createDispatch(handlers);
    expect(await dispatch('status:get', {}, { via: 'cli' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'could not reach postgres://app:[REDACTED]@db:5432/prod' },
    });
    expect(await dispatch('sessions:list', {}, { via: 'dashboard' })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'the config says PGPASSWORD=[REDACTED]' },
    });
  });
});
