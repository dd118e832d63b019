import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const cliPath = `${repoRoot}/out/main/cli.js`;
export const rendererIndex = `${repoRoot}/out/renderer/index.html`;
export const fixtureServer = `${repoRoot}/test/fixtures/servers/fixture-server.mjs`;
export const leakyServer = `${repoRoot}/test/fixtures/servers/leaky-server.mjs`;
export const everythingServer = `${repoRoot}/node_modules/@modelcontextprotocol/server-everything/dist/index.js`;
export const filesystemServer = `${repoRoot}/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js`;
export const remoteFixture = `${repoRoot}/test/fixtures/servers/remote-fixture.mjs`;
export const hostileServer = `${repoRoot}/test/fixtures/servers/hostile-server.mjs`;
