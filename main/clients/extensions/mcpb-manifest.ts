import { z } from 'zod';

/**
 * The parts of an MCPB (formerly DXT) manifest that say what runs: modelcontextprotocol/mcpb
 * MANIFEST.md (manifest_version 0.3, "server.mcp_config", "platform_overrides", "user_config").
 * Everything else in a manifest is left alone; values a manifest does not spell this way are
 * refused rather than guessed at.
 */
const mcpConfig = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
});

const override = z.object({
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const manifestSchema = z.object({
  manifest_version: z.string().optional(),
  dxt_version: z.string().optional(),
  name: z.string().min(1),
  display_name: z.string().optional(),
  version: z.string().optional(),
  author: z.unknown().optional(),
  server: z.object({
    type: z.string(),
    entry_point: z.string().optional(),
    mcp_config: mcpConfig
      .extend({ platform_overrides: z.record(z.string(), override).optional() })
      .optional(),
  }),
  user_config: z
    .record(
      z.string(),
      z.object({
        type: z.string(),
        sensitive: z.boolean().optional(),
        multiple: z.boolean().optional(),
        default: z.unknown().optional(),
      }),
    )
    .optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** What Claude Desktop keeps per extension (`Claude Extensions Settings/<id>.json`), as reported publicly. */
export const extensionSettingsSchema = z.object({
  isEnabled: z.boolean().optional(),
  userConfig: z.record(z.string(), z.unknown()).optional(),
});

/** `extensions-installations.json`: the install record per extension id. */
export const installationsSchema = z.object({
  extensions: z
    .record(
      z.string(),
      z.object({
        version: z.string().optional(),
        source: z.string().optional(),
        signatureInfo: z.object({ status: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
