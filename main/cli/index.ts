import { fileURLToPath } from 'node:url';

// This file is the CLI's entry (out/main/cli.js). Rewritten client configs run it as
// `node <this file> shim …`, so the shim takes a short path that loads as little as possible.
const cliPath = fileURLToPath(import.meta.url);

if (process.argv[2] === 'shim') {
  const { shimCommand } = await import('./shim-command');
  process.exitCode = await shimCommand(process.argv.slice(3), cliPath);
} else {
  const { runCli } = await import('./program');
  await runCli(process.argv, cliPath);
}
