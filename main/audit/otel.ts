import { randomBytes } from 'node:crypto';
import type { AuditEntry, Outcome } from '../../shared/audit';
import type { CallTransport } from '../gateway/gateway';

/**
 * Tool calls as OpenTelemetry spans over OTLP/HTTP with the JSON encoding: a few dozen lines
 * instead of the SDK's tree of packages, and nothing runs unless an endpoint is set. Spans are
 * batched off the call path; when the collector is slow or away they are dropped (and counted),
 * never allowed to hold up a call or grow without bound.
 *
 * Attribute names follow the OpenTelemetry semantic conventions for MCP and GenAI
 * (open-telemetry/semantic-conventions-genai, docs/gen-ai/mcp.md, "Client" span: the gateway calls
 * the server on the client's behalf): span name `{mcp.method.name} {gen_ai.tool.name}`, kind
 * CLIENT, `mcp.method.name`, `gen_ai.tool.name`, `gen_ai.operation.name` = `execute_tool`,
 * `mcp.session.id`, `mcp.protocol.version`, `network.transport` (`pipe` for stdio, `tcp` for
 * HTTP), `error.type` (`tool_error` for a result with isError, else the JSON-RPC code) with status
 * ERROR, and the opt-in `gen_ai.tool.call.arguments`. What Portcullis decided is under `portcullis.*`.
 */
export interface OtelSettings {
  /** OTLP/HTTP base endpoint (`http://host:4318`); empty: off. */
  endpoint: string;
  /** Send the (redacted) arguments as `gen_ai.tool.call.arguments`. */
  includeArguments: boolean;
}

export interface OtelOptions {
  /** Read again at most once a second (a settings change applies within a second). */
  settings(): OtelSettings;
  version: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  flushEveryMs?: number;
}

const MAX_BATCH = 256;
const MAX_QUEUE = 4096;
const TIMEOUT_MS = 10_000;
const SPAN_KIND_CLIENT = 3;
const SETTINGS_MS = 1000;
const STATUS_ERROR = 2;

interface Span {
  endpoint: string;
  body: Record<string, unknown>;
}

export class OtelExporter {
  private queue: Span[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private dropped = 0;
  private lastProblem = '';
  private cached: { settings: OtelSettings; at: number } | undefined;

  constructor(private readonly options: OtelOptions) {}

  /** A call's audit row, as it was recorded: one span, when export is on. */
  record(entry: AuditEntry, context: CallTransport): void {
    if (entry.kind !== 'call') return;
    const settings = this.currentSettings();
    if (!settings.endpoint) return;
    if (this.queue.length >= MAX_QUEUE) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push({ endpoint: tracesUrl(settings.endpoint), body: toSpan(entry, context, settings) });
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushEveryMs ?? 1000).unref();
  }

  private currentSettings(): OtelSettings {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > SETTINGS_MS)
      this.cached = { settings: this.options.settings(), at: now };
    return this.cached.settings;
  }

  /** Send what is queued (one request per endpoint); resolves when it has been sent or given up. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sending;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.sending = this.send(batch).finally(() => (this.sending = undefined));
    await this.sending;
    if (this.queue.length > 0) await this.flush();
  }

  private async send(batch: Span[]): Promise<void> {
    const byEndpoint = new Map<string, Record<string, unknown>[]>();
    for (const span of batch)
      byEndpoint.set(span.endpoint, [...(byEndpoint.get(span.endpoint) ?? []), span.body]);
    const post = this.options.fetch ?? fetch;
    for (const [endpoint, spans] of byEndpoint) {
      try {
        const response = await post(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(this.request(spans)),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!response.ok) this.problem(`${endpoint} answered ${response.status}`, spans.length);
        else this.lastProblem = '';
      } catch (error) {
        this.problem(`${endpoint}: ${error instanceof Error ? error.message : String(error)}`, spans.length);
      }
    }
  }

  private request(spans: Record<string, unknown>[]): Record<string, unknown> {
    return {
      resourceSpans: [
        {
          resource: {
            attributes: attributes({ 'service.name': 'portcullis', 'service.version': this.options.version }),
          },
          scopeSpans: [{ scope: { name: 'portcullis', version: this.options.version }, spans }],
        },
      ],
    };
  }

  /** Said once per kind of failure, not once per batch. */
  private problem(what: string, lost: number): void {
    this.dropped += lost;
    if (what === this.lastProblem) return;
    this.lastProblem = what;
    this.options.log?.(
      `[portcullis] OpenTelemetry export failed (${what}); ${this.dropped} spans dropped so far`,
    );
  }
}

function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

function toSpan(entry: AuditEntry, context: CallTransport, settings: OtelSettings): Record<string, unknown> {
  const startNs = BigInt(Math.round(entry.ts * 1000)) * 1000n;
  const endNs = startNs + BigInt(Math.round((entry.latencyMs ?? 0) * 1e6));
  const outcome = entry.outcome ?? 'unknown';
  const errorType = errorTypeOf(entry, outcome);
  const tool = entry.tool ?? '';
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: `tools/call ${tool}`,
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    attributes: attributes({
      'mcp.method.name': 'tools/call',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': tool,
      'mcp.session.id': entry.sessionId ?? undefined,
      'mcp.protocol.version': context.protocolVersion,
      'network.transport': context.transport === 'stdio' ? 'pipe' : 'tcp',
      'error.type': errorType,
      'gen_ai.tool.call.arguments': settings.includeArguments ? (entry.args ?? undefined) : undefined,
      'portcullis.client': entry.client ?? undefined,
      'portcullis.server': entry.server ?? undefined,
      'portcullis.decision': entry.decision ?? undefined,
      'portcullis.rule': entry.rule ?? undefined,
      'portcullis.outcome': outcome,
      'portcullis.approver': entry.approver ?? undefined,
      'portcullis.scope': entry.scope ?? undefined,
      'portcullis.result_bytes': entry.resultBytes ?? undefined,
    }),
    status: errorType ? { code: STATUS_ERROR, message: entry.error ?? entry.reason ?? outcome } : {},
  };
}

/**
 * `error.type`: `tool_error` for a result with isError, the JSON-RPC code for an error answer (its
 * text starts with the code), `timeout`, or what Portcullis did (`denied`, `rejected`, …).
 */
function errorTypeOf(entry: AuditEntry, outcome: Outcome): string | undefined {
  if (outcome === 'allowed' || outcome === 'approved') return undefined;
  if (outcome === 'server_error') {
    const code = entry.resultPreview == null ? /^(-?\d+) /.exec(entry.error ?? '')?.[1] : undefined;
    return code ?? 'tool_error';
  }
  if (outcome === 'timed_out') return 'timeout';
  return outcome;
}

/** OTLP JSON attributes: strings and integers (as strings, per the OTLP JSON mapping); unset ones left out. */
function attributes(values: Record<string, string | number | undefined>): Record<string, unknown>[] {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ({
      key,
      value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
    }));
}
