import { z } from 'zod';
import { policyDecisionSchema, toolPolicySchema } from './policy';

/** What a tool does, as the hosted gateways classify it. */
export const toolCategorySchema = z.enum(['Read', 'Write', 'Destructive', 'Financial', 'Execute']);
export type ToolCategory = z.infer<typeof toolCategorySchema>;

export const riskLevelSchema = z.enum(['Low', 'Medium', 'High']);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export const classificationSchema = z.object({
  category: toolCategorySchema,
  risk: riskLevelSchema,
  /** A short sentence saying why, e.g. `name starts with "delete"`. */
  reason: z.string(),
});
export type Classification = z.infer<typeof classificationSchema>;

/** MCP tool annotations (2025-03-26 and later). Hints only: a server can lie. */
export const toolAnnotationsSchema = z
  .object({
    title: z.string().optional(),
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  })
  .loose();
export type ToolAnnotations = z.infer<typeof toolAnnotationsSchema>;

/** A tool as a server listed it. */
export const toolDescriptorSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  annotations: toolAnnotationsSchema.optional(),
});
export type ToolDescriptor = z.infer<typeof toolDescriptorSchema>;

/** A tool Portcullis has seen in a server's tools/list, with its risk and how the policy decides it. */
export const seenToolSchema = toolDescriptorSchema.extend({
  client: z.string(),
  server: z.string(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** The classification in effect: the person's override, else the automatic one. */
  classification: classificationSchema,
  /** What Portcullis worked out on its own. */
  automatic: classificationSchema,
  overridden: z.boolean(),
  /** How the active policy decides a call with no arguments, now (a full limit denies). */
  decision: policyDecisionSchema,
  /** The rule that governs the tool, as the policy says it, with its limits and how full they are. */
  policy: toolPolicySchema,
});
export type SeenTool = z.infer<typeof seenToolSchema>;
