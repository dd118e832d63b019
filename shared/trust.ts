import { z } from 'zod';
import { transportSchema } from './servers';

/**
 * Trust in servers and their tools (docs/trust.md): a server's definition is accepted once and held
 * when it changes; a tool's definition is pinned when first seen and held when it changes; tool
 * descriptions and schemas are scanned for text aimed at the model.
 */

/**
 * Why a tool is flagged. The policy can act on these (`flagged` in a scope, docs/policy.md).
 * - `instructions`: text addressed to the model ("ignore previous instructions", `<IMPORTANT>`,
 *   imitation system prompts, "before using this tool, read…").
 * - `concealment`: asks the model to keep something from the person ("do not tell the user").
 * - `cross-reference`: names another server's tool, or steers how other tools are used.
 * - `secret-path`: names secret files (`~/.ssh`, `id_rsa`, `.env`, an MCP client's config).
 * - `hidden-characters`: invisible, bidi, tag or control characters a person would not see.
 * - `long-description`: a description long enough to bury instructions in.
 * - `shadowing`: another server of the same client offers a tool with the same name.
 * - `new-tool`: first seen on a server that was already known, and not yet reviewed.
 */
export const flagKindSchema = z.enum([
  'instructions',
  'concealment',
  'cross-reference',
  'secret-path',
  'hidden-characters',
  'long-description',
  'shadowing',
  'new-tool',
]);
export type FlagKind = z.infer<typeof flagKindSchema>;

export const findingSchema = z.object({
  kind: flagKindSchema,
  /** Where in the definition: `description`, `inputSchema.properties.path.description`, `name`. */
  field: z.string(),
  /** The text that triggered the finding, as the server sent it: show it escaped. */
  text: z.string(),
  /** What was found, in words. */
  detail: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

/** One difference between two definitions, by path; values are JSON text. */
export const definitionChangeSchema = z.object({
  path: z.string(),
  /** Absent when the path was added. */
  before: z.string().optional(),
  /** Absent when the path was removed. */
  after: z.string().optional(),
});
export type DefinitionChange = z.infer<typeof definitionChangeSchema>;

/**
 * - `trusted`: the server presents the pinned definition; calls are decided by the policy.
 * - `changed`: the server presents a definition that differs from the pinned one; calls are held.
 * - `new`: a tool first seen on a known server while `holdNewTools` is on; calls are held.
 * - `rejected`: the person rejected the definition the server presents; calls are held.
 */
export const toolTrustStateSchema = z.enum(['trusted', 'changed', 'new', 'rejected']);
export type ToolTrustState = z.infer<typeof toolTrustStateSchema>;

export const toolTrustSchema = z.object({
  client: z.string(),
  server: z.string(),
  tool: z.string(),
  state: toolTrustStateSchema,
  /** The definition the server presents now, as canonical JSON (RFC 8785), indented. */
  definition: z.string(),
  /** SHA-256 of the canonical definition: what accepting or rejecting names. */
  hash: z.string(),
  /** The definition trusted before, when the server now presents another one (or none was yet). */
  pinned: z.object({ definition: z.string(), hash: z.string(), at: z.number(), by: z.string() }).optional(),
  /** From the pinned definition to the presented one. */
  changes: z.array(definitionChangeSchema),
  /** What the scanner found in the presented definition, and shadowing. */
  findings: z.array(findingSchema),
  /** The finding kinds the policy sees: those the person has not accepted for this definition. */
  flags: z.array(flagKindSchema),
  /** The person accepted exactly this definition. */
  reviewed: z.boolean(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** Since when the presented definition has waited for review. */
  pendingSince: z.number().optional(),
});
export type ToolTrust = z.infer<typeof toolTrustSchema>;

/** What decides what a server runs: shown in full, accepted once. Environment values are never kept. */
export const serverIdentitySchema = z.object({
  transport: transportSchema,
  command: z.string().optional(),
  args: z.array(z.string()),
  cwd: z.string().optional(),
  url: z.string().optional(),
  envKeys: z.array(z.string()),
  headerKeys: z.array(z.string()),
});
export type ServerIdentity = z.infer<typeof serverIdentitySchema>;

export const serverWarningKindSchema = z.enum([
  'shell',
  'privilege',
  'download-and-run',
  'unusual-command',
  'outside-home',
  'code-environment',
  'destructive',
  'insecure-url',
]);
export type ServerWarningKind = z.infer<typeof serverWarningKindSchema>;

export const serverWarningSchema = z.object({
  kind: serverWarningKindSchema,
  /** The part of the definition that triggered it. */
  text: z.string(),
  detail: z.string(),
});
export type ServerWarning = z.infer<typeof serverWarningSchema>;

export const serverTrustSchema = z.object({
  client: z.string(),
  name: z.string(),
  /** `held`: the definition differs from the one accepted (or none was); sessions are refused. */
  state: z.enum(['accepted', 'held']),
  definition: serverIdentitySchema,
  /** SHA-256 of the canonical definition: what accepting names. */
  fingerprint: z.string(),
  accepted: z
    .object({ definition: serverIdentitySchema, fingerprint: z.string(), at: z.number(), by: z.string() })
    .optional(),
  /** From the accepted definition to the current one. */
  changes: z.array(definitionChangeSchema),
  warnings: z.array(serverWarningSchema),
  registeredAt: z.number(),
  updatedAt: z.number(),
});
export type ServerTrust = z.infer<typeof serverTrustSchema>;

export const trustOverviewSchema = z.object({
  servers: z.array(serverTrustSchema),
  tools: z.array(toolTrustSchema),
  /** The setting: whether tools first seen on a known server are held until reviewed. */
  holdNewTools: z.boolean(),
});
export type TrustOverview = z.infer<typeof trustOverviewSchema>;

/** What waits for the person: held servers, and tools held or flagged (the dashboard and the tray count these). */
export function reviewCount(overview: TrustOverview | undefined): { servers: number; tools: number } {
  if (!overview) return { servers: 0, tools: 0 };
  return {
    servers: overview.servers.filter((s) => s.state === 'held').length,
    tools: overview.tools.filter(needsReview).length,
  };
}

/** A tool whose calls wait for the person's review: changed, or new and held. */
export function waitsForReview(tool: ToolTrust): boolean {
  return tool.state === 'changed' || tool.state === 'new';
}

/** Whether a tool needs the person: held, or flagged by findings they have not accepted. */
export function needsReview(tool: ToolTrust): boolean {
  return tool.state !== 'trusted' || tool.flags.length > 0;
}
