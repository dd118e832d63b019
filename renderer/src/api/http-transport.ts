import { httpPaths, type ApiEnvelope, type Channel } from '../../../shared/api';
import { decodeHttpResponse, failure } from './envelope';

/** The part of `fetch` this module uses. */
export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body: string; credentials: 'same-origin' },
) => Promise<{ status: number; text(): Promise<string> }>;

export function createHttpSend(fetchFn: FetchLike) {
  return async (channel: Channel, args: unknown): Promise<ApiEnvelope<unknown>> => {
    let status: number;
    let text: string;
    try {
      const response = await fetchFn(httpPaths.api(channel), {
        method: 'POST',
        // JSON makes a cross-site request need a preflight, which the gateway never grants.
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args ?? {}),
        credentials: 'same-origin',
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      return failure(
        'unavailable',
        `Cannot reach the gateway (${describe(error)}). Is \`portcullis serve\` still running?`,
      );
    }
    return decodeHttpResponse(channel, status, text);
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
