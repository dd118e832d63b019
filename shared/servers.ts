import { z } from 'zod';

export const transportSchema = z.enum(['stdio', 'http', 'sse']);
export type UpstreamTransport = z.infer<typeof transportSchema>;

/**
 * A server as the person registered it by connecting a client: what the gateway may run for it.
 * Environment and header values are not kept here; they stay in the client's config and arrive
 * with each session. Only their names are recorded.
 */
export const serverDefinitionSchema = z.object({
  client: z.string().min(1),
  name: z.string().min(1),
  transport: transportSchema,
  command: z.string().optional(),
  args: z.array(z.string()).default([]),
  cwd: z.string().optional(),
  url: z.string().optional(),
  envKeys: z.array(z.string()).default([]),
  headerKeys: z.array(z.string()).default([]),
  /**
   * The PATH the command is looked up in: recorded when the person connected the client, so that
   * what a shim sends cannot change which program runs.
   */
  searchPath: z.string().optional(),
});
export type ServerDefinition = z.infer<typeof serverDefinitionSchema>;

export const serverInfoSchema = serverDefinitionSchema.extend({
  id: z.number().int(),
  definitionHash: z.string(),
  registeredAt: z.number(),
  updatedAt: z.number(),
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const sessionInfoSchema = z.object({
  id: z.string(),
  client: z.string(),
  server: z.string(),
  transport: transportSchema,
  startedAt: z.number(),
  protocolVersion: z.string().optional(),
  clientInfo: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  serverInfo: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  /** The upstream's process id, for stdio servers. */
  pid: z.number().int().optional(),
  calls: z.number().int(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
