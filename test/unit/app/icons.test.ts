import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

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

describe('build/ icons', () => {
  it.each([
    ['icon.png', 512],
    ['tray.png', 16],
    ['tray@2x.png', 32],
    ['trayTemplate.png', 16],
    ['trayTemplate@2x.png', 32],
  ])('%s is a %i px square with something drawn and transparent corners', (name, size) => {
    const { width, height, pixels } = readPng(name);
    expect([width, height]).toEqual([size, size]);
    expect(pixels[0]![3]).toBe(0);
    expect(pixels.some(([, , , alpha]) => alpha === 255)).toBe(true);
  });

  it.each(['trayTemplate.png', 'trayTemplate@2x.png'])(
    '%s is black on transparent (a macOS template)',
    (name) => {
      for (const [r, g, b] of readPng(name).pixels) expect([r, g, b]).toEqual([0, 0, 0]);
    },
  );
});
