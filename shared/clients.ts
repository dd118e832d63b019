import { z } from 'zod';
import { serverDefinitionSchema, transportSchema } from './servers';

const serverEntrySchema = z.object({
  name: z.string(),
  transport: transportSchema,
  protected: z.boolean(),
  /**
   * `drifted`: it was protected, and the client put the original entry back or dropped it.
   * `cannot-protect`: a shape Portcullis cannot run, or one the client would stop loading.
   */
  state: z.enum(['protected', 'unprotected', 'drifted', 'cannot-protect']),
  /** `user`, `project`, `workspace`, `local: /path` (Claude Code), `profile: name` (Codex). */
  scope: z.string(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  problem: z.string().optional(),
  remedy: z.string().optional(),
  drift: z.enum(['reverted', 'dropped']).optional(),
  /** For a protected entry: what the gateway runs for it. */
  upstream: z
    .object({
      transport: transportSchema,
      command: z.string().optional(),
      args: z.array(z.string()),
      url: z.string().optional(),
    })
    .optional(),
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

/**
 * A Claude Desktop extension (.mcpb / .dxt): a server that lives outside the config file. What
 * its manifest declares, what that runs with its variables filled in, and whether Portcullis can
 * protect it (by moving that command into a shim entry and switching the extension off).
 */
export const extensionReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string().optional(),
  /** Switched on in Claude Desktop; null when its settings do not say. */
  enabled: z.boolean().nullable(),
  /** The install record's signature status (`signed`, `unsigned`), when it has one. */
  signature: z.string().optional(),
  state: z.enum(['protected', 'unprotected', 'drifted', 'cannot-protect']),
  declared: z.object({ command: z.string(), args: z.array(z.string()) }).optional(),
  runs: z.object({ command: z.string(), args: z.array(z.string()) }).optional(),
  /** The config entry that runs it through Portcullis, once protected. */
  key: z.string().optional(),
  problem: z.string().optional(),
  remedy: z.string().optional(),
});
export type ExtensionReport = z.infer<typeof extensionReportSchema>;

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
  /** Servers installed as extensions rather than in a config file (Claude Desktop). */
  extensions: z.array(extensionReportSchema).optional(),
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
      /** On a dry run that would change the file: its text now, for a diff. */
      oldText: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

export const disconnectResultSchema = z.object({
  client: z.string(),
  configPath: z.string(),
  dryRun: z.boolean().optional(),
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
      oldText: z.string().optional(),
      newText: z.string().optional(),
    }),
  ),
});

/** The two protection settings the Clients page changes (the rest of the settings stay as they are). */
export const protectionSettingsSchema = z.object({
  repairMode: z.enum(['auto', 'ask']),
  protectNewServers: z.boolean(),
});

const noticeServerSchema = z.object({ server: z.string(), scope: z.string() });

/**
 * Something the person should know about protection, announced once: Portcullis re-applied entries
 * a client reverted or dropped (`repaired`); it found such entries and waits for an answer
 * (`drifted`, when repairs are set to ask); a server was added outside Portcullis (`unprotected`)
 * or added and protected at once (`protected`); it stopped repairing an entry that keeps being
 * changed back (`stopped`); or a connected file cannot be read (`unreadable`).
 */
export const protectionNoticeSchema = z.object({
  kind: z.enum(['repaired', 'drifted', 'unprotected', 'protected', 'stopped', 'unreadable']),
  client: z.string(),
  clientName: z.string(),
  configPath: z.string(),
  servers: z.array(noticeServerSchema),
  /** One sentence for a notification. */
  message: z.string(),
  at: z.number(),
});
export type ProtectionNotice = z.infer<typeof protectionNoticeSchema>;

/** A server in a connected file that is not protected right now, and why. */
export const protectionIssueSchema = z.object({
  client: z.string(),
  clientName: z.string(),
  configPath: z.string(),
  server: z.string(),
  scope: z.string(),
  kind: z.enum(['reverted', 'dropped', 'unprotected', 'unreadable']),
  /** Portcullis stopped repairing it: it kept being changed back. */
  held: z.boolean().optional(),
  detail: z.string().optional(),
});
export type ProtectionIssue = z.infer<typeof protectionIssueSchema>;

export const protectionStatusSchema = z.object({
  /** Whether config files are being watched (the gateway is running with a clients service). */
  watching: z.boolean(),
  checkedAt: z.number().nullable(),
  issues: z.array(protectionIssueSchema),
  settings: protectionSettingsSchema,
});
export type ProtectionStatus = z.infer<typeof protectionStatusSchema>;

export const repairResultSchema = z.object({
  client: z.string(),
  files: z.array(
    z.object({
      configPath: z.string(),
      reapplied: z.array(z.object({ server: z.string(), how: z.enum(['rewrapped', 're-added']) })),
      forgotten: z.array(z.string()),
      error: z.string().optional(),
    }),
  ),
});

/**
 * One server however many clients use it (the same command, arguments and folder, or URL), named
 * as the dashboard, the audit log and policy scopes name it, with every client entry that uses it.
 */
export const serverGroupSchema = z.object({
  /** The definition's hash. */
  id: z.string(),
  name: z.string(),
  /** Every key clients give it, the name first. */
  names: z.array(z.string()),
  transport: transportSchema,
  command: z.string().optional(),
  args: z.array(z.string()),
  cwd: z.string().optional(),
  url: z.string().optional(),
  uses: z.array(
    z.object({
      client: z.string(),
      clientName: z.string(),
      key: z.string(),
      scope: z.string(),
      configPath: z.string(),
      state: serverEntrySchema.shape.state,
    }),
  ),
});
export type ServerGroup = z.infer<typeof serverGroupSchema>;

/** Protecting an extension, or giving it back to Claude Desktop; on a dry run, both files before and after. */
export const extensionChangeSchema = z.object({
  client: z.string(),
  extension: z.string(),
  action: z.enum(['protect', 'unprotect']),
  dryRun: z.boolean(),
  /** The config entry that runs it through Portcullis. */
  key: z.string(),
  /** What the gateway runs for it. */
  definition: serverDefinitionSchema.optional(),
  files: z.array(
    z.object({ path: z.string(), oldText: z.string().optional(), newText: z.string().optional() }),
  ),
  note: z.string().optional(),
});
export type ExtensionChange = z.infer<typeof extensionChangeSchema>;
