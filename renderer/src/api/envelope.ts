import { z } from 'zod';
import { api, apiErrorSchema, type ApiEnvelope, type ApiErrorCode, type Channel } from '../../../shared/api';

const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);

export function failure(code: ApiErrorCode, message: string): ApiEnvelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Accepts an answer only if it is an envelope and, when it succeeded, its data is what the channel
 * promises. Whatever carried it, a malformed answer becomes an `internal` error instead of reaching
 * the UI half-typed.
 */
export function decodeEnvelope(channel: Channel, body: unknown): ApiEnvelope<unknown> {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    return failure('internal', `The gateway's answer to ${channel} is not an API envelope.`);
  }
  if (!envelope.data.ok) {
    const { code, message, details } = envelope.data.error;
    return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
  }
  const result = api[channel].result.safeParse(envelope.data.data);
  if (!result.success) {
    return failure(
      'internal',
      `The gateway's answer to ${channel} does not match the contract: ${describeIssues(result.error)}`,
    );
  }
  return { ok: true, data: result.data };
}

/** The HTTP bridge answers with an envelope in the body; a 401 always means "not signed in". */
export function decodeHttpResponse(channel: Channel, status: number, text: string): ApiEnvelope<unknown> {
  const body = parseJson(text);
  if (status === 401) {
    const decoded = body === undefined ? undefined : envelopeSchema.safeParse(body);
    const message =
      decoded?.success && !decoded.data.ok
        ? decoded.data.error.message
        : 'This browser is not signed in to the gateway.';
    return failure('unauthorized', message);
  }
  if (body === undefined) {
    return failure(
      status >= 500 ? 'unavailable' : 'internal',
      `The gateway answered ${channel} with HTTP ${status} and no API envelope.`,
    );
  }
  return decodeEnvelope(channel, body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
