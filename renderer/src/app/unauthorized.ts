import { ApiError } from '../../../shared/api';

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'unauthorized';
}

/** Errors that another attempt cannot fix: retrying only delays the message the person needs. */
const permanentCodes = new Set(['unauthorized', 'invalid_argument', 'not_found']);

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && permanentCodes.has(error.code)) return false;
  return failureCount < 2;
}

/**
 * Once any answer says "unauthorized" the whole dashboard is locked out (the login cookie is missing
 * or the gateway restarted with a new token), so this is one flag for the app, not per query.
 */
export interface UnauthorizedFlag {
  get(): boolean;
  set(): void;
  subscribe(listener: () => void): () => void;
}

export function createUnauthorizedFlag(): UnauthorizedFlag {
  let value = false;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set() {
      if (value) return;
      value = true;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
