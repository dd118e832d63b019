#!/usr/bin/env node
// The architecture's floor: a process that only copies bytes between its stdio and a child's, like
// the shim and the gateway minus everything they decide. `relay.mjs relay.mjs node server.mjs` is
// two hops, as many as client → shim → gateway → server adds.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
child.on('exit', (code) => process.exit(code ?? 0));
