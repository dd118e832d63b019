import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  riskLevelSchema,
  toolAnnotationsSchema,
  toolCategorySchema,
  type Classification,
  type ToolCategory,
} from '../../../shared/tools';
import { baseRisk, classifyTool } from '../../../main/policy/risk';
import { repoRoot } from '../../helpers/paths';

/**
 * The labelled corpus (test/fixtures/risk/corpus.json): real tools from public MCP servers, with
 * the category and risk a careful reviewer gives them. This measures the classifier against it
 * and prints what a person needs to judge it: agreement per category, the confusion matrix, and
 * every disagreement.
 */

const corpusSchema = z.object({
  about: z.array(z.string()),
  rules: z.array(z.string()).min(5),
  sources: z.record(
    z.string(),
    z.object({
      repository: z.string().regex(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/),
      commit: z.string().regex(/^[0-9a-f]{40}$/),
      kind: z.string().min(1),
      split: z.enum(['dev', 'holdout']),
      tools: z.number().int().positive(),
      sampledFrom: z.number().int().positive().optional(),
    }),
  ),
  tools: z.array(
    z.object({
      server: z.string(),
      name: z.string().min(1),
      title: z.string().optional(),
      description: z.string().min(1),
      annotations: toolAnnotationsSchema.optional(),
      source: z.string().min(1),
      category: toolCategorySchema,
      risk: riskLevelSchema,
      why: z.string().optional(),
    }),
  ),
});
type Entry = z.infer<typeof corpusSchema>['tools'][number];

const corpus = corpusSchema.parse(
  JSON.parse(readFileSync(`${repoRoot}/test/fixtures/risk/corpus.json`, 'utf8')),
);
const CATEGORIES = toolCategorySchema.options;
const DANGEROUS: readonly ToolCategory[] = ['Destructive', 'Financial', 'Execute'];

interface Measured {
  entry: Entry;
  got: Classification;
}

const measured: Measured[] = corpus.tools.map((entry) => ({ entry, got: classifyTool(entry) }));

function share(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

function report(rows: readonly Measured[], title: string): string {
  const lines = [`${title}: ${rows.length} tools`];
  const agree = rows.filter((r) => r.got.category === r.entry.category).length;
  const riskAgree = rows.filter((r) => r.got.risk === r.entry.risk).length;
  lines.push(
    `  category agreement ${share(agree, rows.length)}, risk agreement ${share(riskAgree, rows.length)}`,
  );
  for (const category of CATEGORIES) {
    const labelled = rows.filter((r) => r.entry.category === category);
    if (labelled.length === 0) continue;
    const right = labelled.filter((r) => r.got.category === category).length;
    lines.push(
      `  ${category.padEnd(12)} ${`${right}/${labelled.length}`.padStart(7)}  ${share(right, labelled.length)}`,
    );
  }
  return lines.join('\n');
}

function confusion(rows: readonly Measured[]): string {
  const width = 12;
  const lines = [
    `${'labelled ↓ classified →'.padEnd(26)}${CATEGORIES.map((c) => c.padStart(width)).join('')}`,
  ];
  for (const labelled of CATEGORIES) {
    const counts = CATEGORIES.map(
      (got) => rows.filter((r) => r.entry.category === labelled && r.got.category === got).length,
    );
    lines.push(`${labelled.padEnd(26)}${counts.map((n) => String(n).padStart(width)).join('')}`);
  }
  return lines.join('\n');
}

function disagreements(rows: readonly Measured[]): string {
  return rows
    .filter((r) => r.got.category !== r.entry.category)
    .map(
      (r) =>
        `  ${r.entry.category} → ${r.got.category}: ${r.entry.server}/${r.entry.name} (${r.got.reason})` +
        (r.entry.why ? ` [label: ${r.entry.why}]` : ''),
    )
    .join('\n');
}

describe('the labelled corpus', () => {
  it('is real, sourced and spread across the kinds of server', () => {
    expect(corpus.tools.length).toBeGreaterThanOrEqual(300);
    const servers = new Set(corpus.tools.map((t) => t.server));
    expect([...servers].sort()).toEqual(Object.keys(corpus.sources).sort());
    expect(servers.size).toBeGreaterThanOrEqual(30);
    for (const [server, source] of Object.entries(corpus.sources)) {
      expect(corpus.tools.filter((t) => t.server === server).length, server).toBe(source.tools);
    }
    for (const category of CATEGORIES) {
      expect(corpus.tools.filter((t) => t.category === category).length, category).toBeGreaterThanOrEqual(20);
    }
    const keys = corpus.tools.map((t) => `${t.server}/${t.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is labelled by its own rules: a read is Low, or Medium for secrets and the internet; the rest take their usual risk', () => {
    for (const { server, name, category, risk } of corpus.tools) {
      const allowed = category === 'Read' ? ['Low', 'Medium'] : [baseRisk(category)];
      expect(allowed, `${server}/${name}`).toContain(risk);
    }
  });

  it('holds out about a third of it', () => {
    const holdout = corpus.tools.filter((t) => corpus.sources[t.server]!.split === 'holdout').length;
    expect(holdout / corpus.tools.length).toBeGreaterThan(0.3);
    expect(holdout / corpus.tools.length).toBeLessThan(0.4);
  });
});

describe('classifyTool on the labelled corpus', () => {
  it('agrees with the labels on at least 90% of categories, and prints where it does not', () => {
    const dev = measured.filter((r) => corpus.sources[r.entry.server]!.split === 'dev');
    const holdout = measured.filter((r) => corpus.sources[r.entry.server]!.split === 'holdout');
    console.log(
      [
        report(measured, 'All'),
        report(dev, 'Developed on'),
        report(holdout, 'Held out'),
        confusion(measured),
        `Disagreements (labelled → classified):\n${disagreements(measured)}`,
      ].join('\n\n'),
    );
    const agree = measured.filter((r) => r.got.category === r.entry.category).length;
    expect(agree / measured.length).toBeGreaterThanOrEqual(0.9);
  });

  it('classifies no Destructive, Financial or Execute tool as Read', () => {
    const missed = measured
      .filter((r) => DANGEROUS.includes(r.entry.category) && r.got.category === 'Read')
      .map((r) => `${r.entry.server}/${r.entry.name}: ${r.got.reason}`);
    expect(missed).toEqual([]);
  });

  it('never rates a tool below the usual risk of its category', () => {
    for (const { entry, got } of measured) {
      const levels = riskLevelSchema.options;
      expect(levels.indexOf(got.risk), entry.name).toBeGreaterThanOrEqual(
        levels.indexOf(baseRisk(got.category)),
      );
    }
  });
});
