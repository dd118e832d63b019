import { describe, expect, it } from 'vitest';
import { parseShimEntry, shimArgs } from '../../../main/clients/shim-entry';
import {
  desktopGatewayLauncher,
  desktopShimCommand,
  parseLaunch,
  selfCommand,
} from '../../../main/app/launch';

const exe = '/Applications/Portcullis.app/Contents/MacOS/Portcullis';
const electron = '/repo/node_modules/electron/dist/electron';
const shim = shimArgs('cursor', 'github', '/data');

describe('parseLaunch', () => {
  it('a shim entry, packaged: `Portcullis shim …`', () => {
    expect(parseLaunch([exe, ...shim], true)).toEqual({
      mode: 'shim',
      args: ['--client', 'cursor', '--server', 'github', '--data-dir', '/data'],
    });
  });

  it('a shim entry, unpackaged: `electron <app folder> shim …`', () => {
    expect(parseLaunch([electron, '/repo', ...shim], false)).toEqual({
      mode: 'shim',
      args: ['--client', 'cursor', '--server', 'github', '--data-dir', '/data'],
    });
  });

  it('switches before the app folder do not hide the shim', () => {
    expect(parseLaunch([electron, '--no-sandbox', '/repo', ...shim], false).mode).toBe('shim');
  });

  it('`shim` anywhere but first is not a shim', () => {
    expect(parseLaunch([exe, '--background', '--data-dir', '/x/shim'], true).mode).toBe('app');
    expect(parseLaunch([exe, 'open', 'shim'], true).mode).toBe('app');
    // Unpackaged, the first word is the app folder, even when that folder is called "shim".
    expect(parseLaunch([electron, 'shim'], false).mode).toBe('app');
  });

  it('the app: in front, or in the background, with or without a data folder', () => {
    expect(parseLaunch([exe], true)).toEqual({ mode: 'app', background: false });
    expect(parseLaunch([electron, '/repo'], false)).toEqual({ mode: 'app', background: false });
    expect(parseLaunch([exe, '--background', '--data-dir', '/data'], true)).toEqual({
      mode: 'app',
      background: true,
      dataDir: '/data',
    });
    expect(parseLaunch([electron, '/repo', '--data-dir=/d 2', '--background'], false)).toEqual({
      mode: 'app',
      background: true,
      dataDir: '/d 2',
    });
    expect(parseLaunch([exe, '--data-dir'], true)).toEqual({ mode: 'app', background: false });
  });
});

describe('how this app starts itself', () => {
  const input = { execPath: exe, packaged: true, appPath: '/app.asar', env: {}, platform: 'darwin' as const };

  it('packaged: the executable alone; unpackaged: Electron and the app folder', () => {
    expect(selfCommand(input)).toEqual({ command: exe, args: [] });
    expect(selfCommand({ ...input, execPath: electron, packaged: false, appPath: '/repo' })).toEqual({
      command: electron,
      args: ['/repo'],
    });
  });

  it('an AppImage: the AppImage file, not its temporary mount', () => {
    const mounted = { ...input, execPath: '/tmp/.mount_PortcXYZ/portcullis', platform: 'linux' as const };
    expect(selfCommand({ ...mounted, env: { APPIMAGE: '/home/me/Apps/Portcullis.AppImage' } }).command).toBe(
      '/home/me/Apps/Portcullis.AppImage',
    );
    expect(selfCommand(mounted).command).toBe('/tmp/.mount_PortcXYZ/portcullis');
    expect(selfCommand({ ...input, env: { APPIMAGE: '/x' } }).command).toBe(exe);
  });

  it('client configs run it in shim mode, as the adapters recognise it', () => {
    for (const self of [
      { command: exe, args: [] },
      { command: electron, args: ['/repo'] },
    ]) {
      const command = desktopShimCommand(self, '/data');
      const args = command.args('cursor', 'github');
      expect(command.command).toBe(self.command);
      expect(args).toEqual([...self.args, ...shim]);
      expect(parseShimEntry({ command: command.command, args })).toEqual({
        client: 'cursor',
        server: 'github',
      });
      // And this app reads the same words back as a shim.
      expect(parseLaunch([command.command, ...args], self.args.length === 0).mode).toBe('shim');
    }
  });

  it('a shim starts the gateway as this app in the background, for its data folder', () => {
    const launcher = desktopGatewayLauncher({ command: electron, args: ['/repo'] }, '/data');
    expect(launcher).toEqual({ command: electron, args: ['/repo', '--background', '--data-dir', '/data'] });
    expect(parseLaunch([launcher.command, ...launcher.args], false)).toEqual({
      mode: 'app',
      background: true,
      dataDir: '/data',
    });
  });
});
