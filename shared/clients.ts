import { z } from 'zod';
import { serverDefinitionSchema, transportSchema } from './servers';

export const clientReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  configPath: z.string(),
  exists: z.boolean(),
  servers: z.array(
    z.object({
      name: z.string(),
      transport: transportSchema,
      protected: z.boolean(),
      command: z.string().optional(),
      args: z.array(z.string()).optional(),
      url: z.string().optional(),
      problem: z.string().optional(),
    }),
  ),
  error: z.string().optional(),
});

export const connectResultSchema = z.object({
  client: z.string(),
  configPath: z.string(),
  dryRun: z.boolean(),
  /** Exactly what the gateway will run for each server routed through it. */
  changed: z.array(z.object({ server: z.string(), definition: serverDefinitionSchema })),
  skipped: z.array(z.object({ server: z.string(), reason: z.string() })),
  backupPath: z.string().optional(),
  newText: z.string().optional(),
  note: z.string().optional(),
});

export const disconnectResultSchema = z.object({
  client: z.string(),
  configPath: z.string(),
  mode: z.enum(['exact', 'entries', 'nothing']),
  restored: z.array(z.string()),
  leftAlone: z.array(z.object({ server: z.string(), reason: z.string() })),
  note: z.string().optional(),
});
