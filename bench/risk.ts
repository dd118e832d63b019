/**
 * Risk classification speed: every tool of the labelled corpus (test/fixtures/risk) classified
 * through `classifyTool`, as the gateway does for every tool of every tools/list. Target: under
 * 50 µs per tool at the median, so a server listing 200 tools is classified in 10 ms.
 */
import { readFileSync } from 'node:fs';
import { classifyTool } from '../main/policy/risk';
import type { ToolDescriptor } from '../shared/tools';
import { repoRoot } from '../test/helpers/paths';

export interface RiskBenchResult {
  tools: number;
  p50us: number;
  p99us: number;
  met: boolean;
}

const TARGET_US = 50;

export function benchRisk(rounds = 50): RiskBenchResult {
  const corpus = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/risk/corpus.json`, 'utf8')) as {
    tools: ToolDescriptor[];
  };
  const tools = corpus.tools.map(({ name, title, description, annotations }) => ({
    name,
    title,
    description,
    annotations,
  }));
  // Warm up, so the first round's compilation is not measured.
  for (const tool of tools) classifyTool(tool);
  const samples = new Float64Array(rounds * tools.length);
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    for (const tool of tools) {
      const t = process.hrtime.bigint();
      classifyTool(tool);
      samples[n++] = Number(process.hrtime.bigint() - t) / 1000;
    }
  }
  samples.sort();
  const p50us = samples[Math.floor(n / 2)]!;
  return { tools: tools.length, p50us, p99us: samples[Math.floor(n * 0.99)]!, met: p50us < TARGET_US };
}
