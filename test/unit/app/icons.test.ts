import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trayIconFile } from '../../../main/app/tray';

const build = new URL('../../../build/', import.meta.url);

/** Width, height and RGBA pixels of the PNGs make-icons.js writes (8-bit RGBA, filter 0 rows). */
function readPng(name: string) {
  const bytes = readFileSync(new URL(name, build));
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect([bytes[24], bytes[25]]).toEqual([8, 6]);
  const data: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT')
      data.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(data));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 4 + 1) + 1 + x * 4;
      pixels.push([...rows.subarray(at, at + 4)]);
    }
  }
  return { width, height, pixels };
}

const modes = ['protecting', 'paused', 'attention'] as const;
/** Every tray image main/app/tray.ts asks for, on every platform, at both densities. */
const trayImages = modes.flatMap((mode) =>
  (['linux', 'darwin'] as const).flatMap((platform) => {
    const name = trayIconFile(mode, platform);
    return [
      [name, 16],
      [name.replace('.png', '@2x.png'), 32],
    ] as [string, number][];
  }),
);

describe('build/ icons', () => {
  it.each([['icon.png', 512] as [string, number], ...trayImages])(
    '%s is a %i px square with something drawn and transparent corners',
    (name, size) => {
      const { width, height, pixels } = readPng(name);
      expect([width, height]).toEqual([size, size]);
      expect(pixels[0]![3]).toBe(0);
      expect(pixels.some(([, , , alpha]) => alpha === 255)).toBe(true);
    },
  );

  it.each(trayImages.map(([name]) => name).filter((name) => name.includes('Template')))(
    '%s is black on transparent (a macOS template)',
    (name) => {
      for (const [r, g, b] of readPng(name).pixels) expect([r, g, b]).toEqual([0, 0, 0]);
    },
  );

  it.each(['linux', 'darwin'] as const)(
    'the three states differ in shape, not only in colour (%s), so a template image tells them apart',
    (platform) => {
      const alpha = (mode: (typeof modes)[number]) =>
        readPng(trayIconFile(mode, platform)).pixels.map(([, , , a]) => a);
      const [protecting, paused, attention] = modes.map(alpha);
      expect(paused).not.toEqual(protecting);
      expect(attention).not.toEqual(protecting);
      expect(attention).not.toEqual(paused);
    },
  );

  it('needs attention carries a second colour, the dot', () => {
    const colours = new Set(
      readPng('tray-attention@2x.png')
        .pixels.filter(([, , , a]) => a === 255)
        .map(([r, g, b]) => `${r},${g},${b}`),
    );
    expect(colours.size).toBeGreaterThanOrEqual(2);
  });
});
