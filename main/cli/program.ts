import { Command } from 'commander';
import { version } from '../version';

export async function runCli(argv: string[]): Promise<void> {
  const program = new Command('portcullis')
    .version(version)
    .description('Local policy gateway for MCP servers.');
  await program.parseAsync(argv);
}
