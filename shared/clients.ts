import { z } from 'zod';
import { serverDefinitionSchema, transportSchema } from './servers';

const serverEntrySchema = z.object({
  name: z.string(),
  transport: transportSchema,
  protected: z.boolean(),
  /** `cannot-protect`: a shape Portcullis cannot run, or one the client would stop loading. */
  state: z.enum(['protected', 'unprotected', 'cannot-protect']),
  /** `user`, `project`, `workspace`, `local: /path` (Claude Code), `profile: name` (Codex). */
  scope: z.string(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  url: z.string().optional(),
  problem: z.string().optional(),
  remedy: z.string().optional(),
});

const configFileSchema = z.object({
  path: z.string(),
  label: z.string(),
  scope: z.enum(['user', 'project', 'workspace']),
  format: z.enum(['JSON', 'JSONC', 'YAML', 'TOML']),
  exists: z.boolean(),
  servers: z.array(serverEntrySchema),
  error: z.string().optional(),
});

export const clientReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The client's main (user) config file. */
  configPath: z.string(),
  exists: z.boolean(),
  /** Every server in every file below. */
  servers: z.array(serverEntrySchema),
  error: z.string().optional(),
  files: z.array(configFileSchema),
  /** What the person does after connecting: restart the client, reload its window, or nothing. */
  restart: z.enum(['restart', 'reload', 'automatic']),
});

const skippedSchema = z.object({ server: z.string(), reason: z.string(), remedy: z.string().optional() });

export const connectResultSchema = z.object({
  client: z.string(),
  configPath: z.string(),
  dryRun: z.boolean(),
  /** Exactly what the gateway will run for each server routed through it. */
  changed: z.array(z.object({ server: z.string(), definition: serverDefinitionSchema })),
  skipped: z.array(skippedSchema),
  backupPath: z.string().optional(),
  newText: z.string().optional(),
  note: z.string().optional(),
  files: z.array(
    z.object({
      configPath: z.string(),
      changed: z.array(z.object({ server: z.string(), scope: z.string() })),
      skipped: z.array(skippedSchema.extend({ scope: z.string() })),
      backupPath: z.string().optional(),
      newText: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

export const disconnectResultSchema = z.object({
  client: z.string(),
  configPath: z.string(),
  mode: z.enum(['exact', 'entries', 'nothing']),
  restored: z.array(z.string()),
  leftAlone: z.array(z.object({ server: z.string(), reason: z.string() })),
  note: z.string().optional(),
  files: z.array(
    z.object({
      configPath: z.string(),
      mode: z.enum(['exact', 'entries', 'nothing']),
      restored: z.array(z.string()),
      error: z.string().optional(),
    }),
  ),
});
