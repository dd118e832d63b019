#!/usr/bin/env node
// Draws the Portcullis icons (a gate: a beam, three pointed bars, two cross bars) into build/.
// Built-in modules only; the outputs are committed, so run this again only after changing it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = fileURLToPath(new URL('../build/', import.meta.url));

// The glyph on a 16-unit grid, y pointing down. Whole units, so the 16 px tray icon stays crisp.
const BARS = [
  [2, 4],
  [7, 9],
  [12, 14],
];
const SPIKE_BASE = 12;
const SPIKE_TIP = 14.5;
const RECTS = [
  [1, 2, 15, 4], // the beam
  ...BARS.map(([x0, x1]) => [x0, 4, x1, SPIKE_BASE]),
  [2, 6, 14, 7], // cross bars
  [2, 9, 14, 10],
];

function inGlyph(x, y) {
  return inRects(RECTS, x, y) || inSpikes(x, y, SPIKE_BASE, SPIKE_TIP);
}

function inRects(rects, x, y) {
  for (const [x0, y0, x1, y1] of rects) if (x >= x0 && x < x1 && y >= y0 && y < y1) return true;
  return false;
}

function inSpikes(x, y, base, tip) {
  if (y < base || y >= tip) return false;
  const taper = (tip - y) / (tip - base);
  return BARS.some(([x0, x1]) => Math.abs(x - (x0 + x1) / 2) <= ((x1 - x0) / 2) * taper);
}

// Paused: the gate raised into its frame, the passage below it open. A different outline, not only
// a different colour, so that it still reads in a one-colour macOS template image.
const RAISED_BASE = 7;
const RAISED_TIP = 9.5;
const RAISED_RECTS = [
  [1, 2, 15, 4], // the beam
  [0, 2, 1, 16], // the frame's posts
  [15, 2, 16, 16],
  ...BARS.map(([x0, x1]) => [x0, 4, x1, RAISED_BASE]),
  [2, 5, 14, 6], // one cross bar still showing
];

function inRaisedGlyph(x, y) {
  return inRects(RAISED_RECTS, x, y) || inSpikes(x, y, RAISED_BASE, RAISED_TIP);
}

// Needs attention: the closed gate with a dot at its top right, set apart by a transparent ring.
const DOT = { x: 12.75, y: 3.25, radius: 3.25, gap: 1.25 };

function distanceToDot(x, y) {
  return Math.hypot(x - DOT.x, y - DOT.y);
}

function inRoundedSquare(x, y, inset, radius) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
}

/** Fraction of the pixel (px, py) covered by a shape given in 0..1 coordinates, by supersampling. */
function coverage(size, px, py, inside, samples = 8) {
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      if (inside((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** The glyph scaled into [margin, 1 - margin] of the canvas. */
function glyph(margin, inside = inGlyph) {
  const scale = (1 - 2 * margin) / 16;
  return (u, v) => inside((u - margin) / scale, (v - margin) / scale);
}

function draw(size, paint) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels.set(paint(x, y), (y * size + x) * 4);
  }
  return encodePng(size, size, pixels);
}

/** A one-colour glyph on transparent: the tray icons. */
function trayIcon(size, [r, g, b], inside = inGlyph) {
  const shape = glyph(0, inside);
  return draw(size, (x, y) => [r, g, b, Math.round(255 * coverage(size, x, y, shape))]);
}

/** The closed gate in one colour and the attention dot in another, on the 16-unit grid. */
function attentionIcon(size, gateColour, dotColour) {
  const samples = 8;
  return draw(size, (px, py) => {
    let gate = 0;
    let dot = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const x = ((px + (sx + 0.5) / samples) / size) * 16;
        const y = ((py + (sy + 0.5) / samples) / size) * 16;
        const distance = distanceToDot(x, y);
        if (distance <= DOT.radius) dot++;
        else if (distance > DOT.radius + DOT.gap && inGlyph(x, y)) gate++;
      }
    }
    const covered = gate + dot;
    if (covered === 0) return [0, 0, 0, 0];
    const mix = (i) => Math.round((gateColour[i] * gate + dotColour[i] * dot) / covered);
    return [mix(0), mix(1), mix(2), Math.round((255 * covered) / (samples * samples))];
  });
}

/** A white gate on a blue rounded square: the application icon. */
function appIcon(size) {
  const square = (u, v) => inRoundedSquare(u, v, 0.06, 0.2);
  const gate = glyph(0.22);
  const top = [59, 91, 219];
  const bottom = [30, 42, 120];
  return draw(size, (x, y) => {
    const background = coverage(size, x, y, square, 4);
    if (background === 0) return [0, 0, 0, 0];
    const white = coverage(size, x, y, gate, 4);
    const t = y / (size - 1);
    const [r, g, b] = top.map((c, i) => Math.round((c + (bottom[i] - c) * t) * (1 - white) + 255 * white));
    return [r, g, b, Math.round(255 * background)];
  });
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4); // filter byte 0
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const BLUE = [76, 110, 245]; // reads on both light and dark panels
const GREY = [134, 142, 150]; // paused: present, but not guarding
const AMBER = [247, 103, 7]; // needs attention
const BLACK = [0, 0, 0]; // macOS template images: black and alpha only; the system tints them

// One set per tray state (main/app/tray.ts trayIconFile): protecting, paused, needs attention.
// Electron picks the @2x file on high-density screens, and treats *Template files as templates.
const icons = { 'icon.png': appIcon(512) };
for (const [scale, size] of [
  ['', 16],
  ['@2x', 32],
]) {
  Object.assign(icons, {
    [`tray${scale}.png`]: trayIcon(size, BLUE),
    [`trayTemplate${scale}.png`]: trayIcon(size, BLACK),
    [`tray-paused${scale}.png`]: trayIcon(size, GREY, inRaisedGlyph),
    [`tray-pausedTemplate${scale}.png`]: trayIcon(size, BLACK, inRaisedGlyph),
    [`tray-attention${scale}.png`]: attentionIcon(size, BLUE, AMBER),
    [`tray-attentionTemplate${scale}.png`]: attentionIcon(size, BLACK, BLACK),
  });
}
mkdirSync(outDir, { recursive: true });
for (const [name, png] of Object.entries(icons)) {
  writeFileSync(join(outDir, name), png);
  console.log(`build/${name}  ${png.length} bytes`);
}
