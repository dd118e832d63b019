import { z } from 'zod';

/** Preferences only (data lives in SQLite). One schema for electron-store and its Node sibling conf. */
export const settingsSchema = z.object({
  /** Port of the dashboard and control API on 127.0.0.1. 0 picks a free port. */
  dashboardPort: z.number().int().min(0).max(65535).default(7345),
  /** Open the dashboard in a browser when `portcullis serve` starts in the foreground. */
  openDashboardOnServe: z.boolean().default(true),
  /** How long a call may wait for approval before it is denied as "not approved in time". */
  approvalTimeoutSeconds: z.number().int().min(5).max(3600).default(120),
  /**
   * How long a tool call the policy let through may wait for its server's answer. Each progress
   * notification the server sends for the call starts the wait again.
   */
  callTimeoutSeconds: z.number().int().min(1).max(86_400).default(300),
  /** How long "Pause protection" lasts. */
  pauseMinutes: z.number().int().min(1).max(240).default(15),
  /**
   * Tools first seen on a server Portcullis already knows are flagged (`new-tool`). When this is on,
   * their calls are also held, and they are left out of tools/list, until the person reviews them.
   */
  holdNewTools: z.boolean().default(false),
  /** How long to keep audit rows. 0 keeps them forever. */
  auditRetentionDays: z.number().int().min(0).default(0),
  /** How many audit rows to keep (the newest). 0 keeps them all. */
  auditRetentionRows: z.number().int().min(0).default(0),
  /**
   * Send each tool call as an OpenTelemetry span to this OTLP/HTTP endpoint (e.g.
   * `http://127.0.0.1:4318`; `/v1/traces` is added). Empty: off.
   */
  otlpEndpoint: z
    .string()
    .max(2000)
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), {
      message: 'An http:// or https:// URL, or empty.',
    })
    .default(''),
  /** Include each call's arguments (secrets redacted) in its span. Off: tool names and outcomes only. */
  otlpArguments: z.boolean().default(false),
  /**
   * When a client takes protection away (puts its original entries back, or drops ours), put it
   * back at once (`auto`) or ask first (`ask`).
   */
  repairMode: z.enum(['auto', 'ask']).default('auto'),
  /** Route a server added to a connected client's config through Portcullis without asking. */
  protectNewServers: z.boolean().default(false),
});
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});
