import type { ZodError } from 'zod';
import {
  api,
  ApiError,
  isChannel,
  type ApiEnvelope,
  type ApiParsedArgs,
  type ApiResult,
  type Channel,
} from '../../shared/api';
import { redactText } from '../redact';

/** Who is calling, as the transport knows it: written into the audit log as the approver, for one. */
export interface Caller {
  via: 'dashboard' | 'cli' | 'desktop';
}

/** One handler per channel; the compiler refuses a table that misses one. */
export type ApiHandlers = {
  [C in Channel]: (args: ApiParsedArgs<C>, caller: Caller) => Promise<ApiResult<C>> | ApiResult<C>;
};

/** Validates, calls and wraps: the single door every transport (IPC, HTTP, in-process) goes through. */
export type Dispatch = (channel: unknown, args: unknown, caller: Caller) => Promise<ApiEnvelope<unknown>>;

export function createDispatch(handlers: ApiHandlers): Dispatch {
  return async (channel, rawArgs, caller) => {
    if (!isChannel(channel)) {
      return failure(new ApiError('not_found', `Unknown API channel ${JSON.stringify(channel)}.`));
    }
    const parsed = api[channel].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return failure(
        new ApiError(
          'invalid_argument',
          `Invalid arguments for ${channel}: ${describeZodError(parsed.error)}`,
        ),
      );
    }
    try {
      const handler = handlers[channel] as (args: unknown, caller: Caller) => unknown;
      return { ok: true, data: await handler(parsed.data, caller) };
    } catch (error) {
      return failure(error);
    }
  };
}

/** An error travels to the UI and the CLI; its message may quote what failed (a URL, a config line). */
function failure(error: unknown): ApiEnvelope<never> {
  if (error instanceof ApiError) {
    return {
      ok: false,
      error: {
        code: error.code,
        message: redactText(error.message),
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message: redactText(message) } };
}

export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
