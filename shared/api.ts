import { z } from 'zod';
import { approvalAnswerSchema, approvalSchema } from './approvals';
import { auditRowSchema, auditVerifySchema } from './audit';
import {
  auditCountSchema,
  auditFacetsSchema,
  auditFilterSchema,
  auditGetSchema,
  auditOverviewArgsSchema,
  auditOverviewSchema,
  auditQuerySchema,
} from './audit-query';
import {
  clientReportSchema,
  connectResultSchema,
  disconnectResultSchema,
  protectionSettingsSchema,
  protectionStatusSchema,
  repairResultSchema,
  extensionChangeSchema,
  serverGroupSchema,
} from './clients';
import { liveCallSchema } from './events';
import { limitStateSchema, policyDecisionSchema, policyIssueSchema } from './policy';
import { serverInfoSchema, sessionInfoSchema } from './servers';
import { settingsSchema } from './settings';
import { riskLevelSchema, seenToolSchema, toolCategorySchema } from './tools';
import { trustOverviewSchema } from './trust';

/**
 * Every control-API channel, named once. The Electron preload and IPC handlers, the HTTP/WebSocket
 * bridge, the renderer's client and the CLI's client are all derived from this map, and the
 * handler table must cover every key (see `ApiHandlers`).
 */
const noArgs = z.strictObject({});

export const statusSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  pid: z.number().int(),
  startedAt: z.number(),
  /** The dashboard address, without the login token. */
  dashboardUrl: z.string().optional(),
  socketPath: z.string(),
  sessions: z.array(sessionInfoSchema),
  policyRevision: z.number().int(),
  /** Calls waiting for the person. */
  pendingApprovals: z.number().int(),
  /** While protection is paused: when it resumes (milliseconds since the epoch). */
  pausedUntil: z.number().nullable(),
});

export const policyRevisionSchema = z.object({
  revision: z.number().int(),
  createdAt: z.number(),
  source: z.string(),
  /** The document as JSON text, exactly as saved. */
  document: z.string(),
});
export type PolicyRevision = z.infer<typeof policyRevisionSchema>;

export const policyDraftSchema = z.object({
  document: z.string(),
  /** Running in shadow: every call is also decided by the draft, and the result recorded. */
  shadow: z.boolean(),
  updatedAt: z.number(),
});

export const replayResultSchema = z.object({
  /** Recorded calls decided again. */
  examined: z.number().int(),
  since: z.number(),
  /** Calls the draft would decide differently, oldest first. */
  changed: z.array(
    z.object({
      id: z.number().int(),
      ts: z.number(),
      client: z.string(),
      server: z.string(),
      tool: z.string(),
      recorded: z.object({ decision: z.string(), rule: z.string().nullable() }),
      draft: policyDecisionSchema,
      argsIncomplete: z.boolean(),
    }),
  ),
});

const policyText = z.string().max(4 * 1024 * 1024);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash: 64 lower-case hex digits');
const toolAnswer = z.strictObject({
  client: z.string().min(1),
  server: z.string().min(1),
  tool: z.string().min(1),
  hash: sha256Hex,
});
/** Project folders whose project and workspace configs count too: absolute paths, a handful. */
const projectDirs = z
  .array(
    z
      .string()
      .min(1)
      .max(4096)
      .refine((dir) => /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(dir), 'a project folder must be an absolute path'),
  )
  .max(32)
  .default([]);

/** Server keys as they appear in a config file. */
const serverNames = z.array(z.string().min(1).max(500)).min(1).max(1000).optional();

export const api = {
  'status:get': { args: noArgs, result: statusSchema },
  'sessions:list': { args: noArgs, result: z.array(sessionInfoSchema) },
  'live:recent': {
    args: z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) }),
    result: z.array(liveCallSchema),
  },
  /** A page of rows (keyset paging by id); the streamed export is `auditExportPath` in audit-query. */
  'audit:query': { args: auditQuerySchema, result: z.array(auditRowSchema) },
  /** How many rows a filter matches in the whole log. */
  'audit:count': { args: auditFilterSchema, result: auditCountSchema },
  'audit:get': { args: auditGetSchema, result: auditRowSchema },
  /** The values the filter pickers offer. */
  'audit:facets': { args: noArgs, result: auditFacetsSchema },
  /** What the log says about a time range (the Overview page). */
  'audit:overview': { args: auditOverviewArgsSchema, result: auditOverviewSchema },
  'audit:verify': { args: noArgs, result: auditVerifySchema },
  /** The active policy, or an earlier revision. */
  /** Revision 0 is the built-in default, before anything was saved. */
  'policy:get': {
    args: z.strictObject({ revision: z.number().int().min(0).optional() }),
    result: policyRevisionSchema,
  },
  'policy:revisions': {
    args: noArgs,
    result: z.array(policyRevisionSchema.omit({ document: true })),
  },
  'policy:save': {
    args: z.strictObject({
      /** JSON text, so that error positions and the saved bytes are the person's own. */
      document: policyText,
      /** What the change is (`import policy.json`); who made it is written from the caller, not this. */
      source: z.string().max(200).default('saved'),
      /** The revision the edit started from: refused with `conflict` if another save came first. */
      baseRevision: z.number().int().min(0).optional(),
    }),
    result: z.object({ revision: z.number().int() }),
  },
  /** Make an earlier revision (0: the built-in default) active again, as a new revision. */
  'policy:rollback': {
    args: z.strictObject({ revision: z.number().int().min(0) }),
    result: z.object({ revision: z.number().int() }),
  },
  'policy:check': {
    args: z.strictObject({ document: policyText }),
    result: z.object({ ok: z.boolean(), issues: z.array(policyIssueSchema) }),
  },
  'policy:test': {
    args: z.strictObject({
      client: z.string().min(1),
      server: z.string().min(1),
      tool: z.string().min(1),
      args: z.record(z.string(), z.unknown()).default({}),
    }),
    result: policyDecisionSchema.extend({ limits: z.array(limitStateSchema) }),
  },
  /** The active policy (or a revision) as JSON; `hosted` refuses what the hosted format cannot say. */
  'policy:export': {
    args: z.strictObject({
      revision: z.number().int().min(1).optional(),
      format: z.enum(['portcullis', 'hosted']).default('portcullis'),
    }),
    result: z.object({ document: z.string() }),
  },
  /** A recommended policy from the tools seen so far (not applied). */
  'policy:suggest': { args: noArgs, result: z.object({ document: z.string(), tools: z.number().int() }) },
  'policy:draft:get': { args: noArgs, result: policyDraftSchema.nullable() },
  'policy:draft:save': {
    args: z.strictObject({ document: policyText, shadow: z.boolean().default(false) }),
    result: policyDraftSchema,
  },
  'policy:draft:shadow': { args: z.strictObject({ enabled: z.boolean() }), result: policyDraftSchema },
  'policy:draft:discard': { args: noArgs, result: z.object({}) },
  'policy:draft:apply': { args: noArgs, result: z.object({ revision: z.number().int() }) },
  /** Decide the recorded calls of the last `days` days again with a policy, and list what would change. */
  'policy:replay': {
    args: z.strictObject({ document: policyText, days: z.number().min(0.001).max(366).default(7) }),
    result: replayResultSchema,
  },
  'tools:list': { args: noArgs, result: z.array(seenToolSchema) },
  /** Override a tool's risk classification, or clear the override (`category` and `risk` left out). */
  'tools:classify': {
    args: z.strictObject({
      server: z.string().min(1),
      tool: z.string().min(1),
      category: toolCategorySchema.optional(),
      risk: riskLevelSchema.optional(),
      reason: z.string().max(500).optional(),
    }),
    result: z.object({}),
  },
  'servers:list': { args: noArgs, result: z.array(serverInfoSchema) },
  /** Every registered server's definition against the one accepted, and every tool's pin and findings. */
  'trust:list': { args: noArgs, result: trustOverviewSchema },
  /** Accept a server's definition, named by the fingerprint the person was shown. */
  'trust:server:accept': {
    args: z.strictObject({ client: z.string().min(1), name: z.string().min(1), fingerprint: sha256Hex }),
    result: z.object({}),
  },
  /** Accept the definition a server presents for a tool (named by the hash shown), with its findings. */
  'trust:tool:accept': { args: toolAnswer, result: z.object({}) },
  /** Refuse the definition a server presents for a tool: its calls stay held. */
  'trust:tool:reject': { args: toolAnswer, result: z.object({}) },
  /** Whether tools first seen on a known server are held until reviewed; with no arguments, read it. */
  'trust:settings': {
    args: z.strictObject({ holdNewTools: z.boolean().optional() }),
    result: z.object({ holdNewTools: z.boolean() }),
  },
  'settings:get': { args: noArgs, result: settingsSchema },
  'approvals:list': { args: noArgs, result: z.array(approvalSchema) },
  'approvals:answer': {
    args: approvalAnswerSchema,
    /** `revision`: the policy revision "Always allow" wrote. */
    result: z.object({ revision: z.number().int().optional() }),
  },
  /** Let every call through (still audited) for a while. */
  'protection:pause': {
    args: z.strictObject({ minutes: z.number().int().min(1).max(240).optional() }),
    result: z.object({ pausedUntil: z.number() }),
  },
  'protection:resume': { args: noArgs, result: z.object({}) },
  /** MCP clients found on this computer, their configs and servers (and those of these project folders). */
  'clients:list': { args: z.strictObject({ projects: projectDirs }), result: z.array(clientReportSchema) },
  /**
   * Route a client's servers through Portcullis (only the named ones when `servers` is given). Call
   * with dryRun first to show the person exactly what will run and how each file changes.
   */
  'clients:connect': {
    args: z.strictObject({
      client: z.string().min(1),
      dryRun: z.boolean().default(false),
      servers: serverNames,
      projects: projectDirs,
    }),
    result: connectResultSchema,
  },
  /** Put a client's original entries back (only the named servers' when `servers` is given). */
  'clients:disconnect': {
    args: z.strictObject({
      client: z.string().min(1),
      dryRun: z.boolean().default(false),
      servers: serverNames,
    }),
    result: disconnectResultSchema,
  },
  /** Every server in the clients' configs, one per server however many clients use it. */
  'clients:servers': { args: z.strictObject({ projects: projectDirs }), result: z.array(serverGroupSchema) },
  /** Re-apply entries a client reverted or dropped (what the watcher does itself with `repairMode: auto`). */
  'clients:repair': {
    args: z.strictObject({ client: z.string().min(1), servers: serverNames }),
    result: repairResultSchema,
  },
  /**
   * Protect a Claude Desktop extension (its command moves into a protected config entry and the
   * extension is switched off), or give it back. Only while Claude Desktop is not running.
   */
  'clients:extension': {
    args: z.strictObject({
      client: z.string().min(1),
      extension: z.string().min(1).max(500),
      action: z.enum(['protect', 'unprotect']),
      dryRun: z.boolean().default(false),
    }),
    result: extensionChangeSchema,
  },
  /** What is not protected in connected configs right now, and the protection settings. */
  'clients:status': { args: noArgs, result: protectionStatusSchema },
  /** Change how lost protection is handled; with no arguments, read it. */
  'clients:settings': { args: protectionSettingsSchema.partial().strict(), result: protectionSettingsSchema },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export type Api = typeof api;
export type Channel = keyof Api;
export const channels = Object.keys(api) as Channel[];

/** What a caller passes (defaults may be left out). */
export type ApiArgs<C extends Channel> = z.input<Api[C]['args']>;
/** What a handler receives, after parsing. */
export type ApiParsedArgs<C extends Channel> = z.output<Api[C]['args']>;
export type ApiResult<C extends Channel> = z.output<Api[C]['result']>;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(api, value);
}

export const apiErrorCodeSchema = z.enum([
  'invalid_argument',
  'unauthorized',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const apiErrorSchema = z.object({
  code: apiErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});

/** Every transport carries this envelope, so errors survive the trip and are rebuilt on the far side. */
export type ApiEnvelope<T> =
  { ok: true; data: T } | { ok: false; error: { code: ApiErrorCode; message: string; details?: unknown } };

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The shape every client of the API has, whatever carries it. */
export type ApiClient = { [C in Channel]: (args: ApiArgs<C>) => Promise<ApiResult<C>> };

/** Build a client from one function that sends a channel's arguments and returns its envelope. */
export function createApiClient(
  send: (channel: Channel, args: unknown) => Promise<ApiEnvelope<unknown>>,
): ApiClient {
  const client = {} as Record<Channel, (args: unknown) => Promise<unknown>>;
  for (const channel of channels) {
    client[channel] = async (args: unknown) => {
      const envelope = await send(channel, args ?? {});
      if (!envelope.ok)
        throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
      return envelope.data;
    };
  }
  return client as ApiClient;
}

/** Paths of the HTTP bridge, shared by the server and the browser client. */
export const httpPaths = {
  api: (channel: Channel) => `/api/${channel}`,
  events: '/api/events',
  login: '/login',
} as const;

/** Names of the Electron IPC channels. */
export const ipcNames = {
  invoke: (channel: Channel) => `api:${channel}`,
  event: 'portcullis:event',
} as const;
