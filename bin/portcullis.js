#!/usr/bin/env node
// The `portcullis` command. The TypeScript sources are built into out/ by `npm install` (prepare)
// and `npm run build`; this file only finds that build and hands over to it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error(
    'portcullis: the build is missing (out/main/cli.js). Run `npm run build` in the repository first.',
  );
  process.exit(1);
}
await import(pathToFileURL(cli).href);
