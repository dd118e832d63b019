import { describe, expect, it } from 'vitest';
import { popupPosition, trayEdge } from '../../../main/app/popup-position';

const size = { width: 440, height: 560 };

describe('popupPosition', () => {
  it('macOS: under the menu-bar icon, centred on it, below the menu bar', () => {
    // 1440×900 screen, 25 px menu bar, icon at x 1200.
    const workArea = { x: 0, y: 25, width: 1440, height: 875 };
    const tray = { x: 1200, y: 0, width: 22, height: 24 };
    expect(trayEdge(tray, workArea)).toBe('top');
    expect(popupPosition({ tray, workArea, size, platform: 'darwin' })).toEqual({ x: 991, y: 33 });
  });

  it('Windows: above a bottom taskbar, pushed left so it stays on screen near the corner', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1800, y: 1048, width: 24, height: 24 };
    expect(trayEdge(tray, workArea)).toBe('bottom');
    // Centred on the icon it would overflow the right edge: it keeps the margin instead.
    expect(popupPosition({ tray, workArea, size, platform: 'win32' })).toEqual({ x: 1472, y: 472 });
  });

  it('a taskbar on the left or right: beside the icon, vertically centred on it', () => {
    const left = { x: 62, y: 0, width: 1858, height: 1080 };
    const leftTray = { x: 20, y: 900, width: 24, height: 24 };
    expect(trayEdge(leftTray, left)).toBe('left');
    expect(popupPosition({ tray: leftTray, workArea: left, size, platform: 'win32' })).toEqual({
      x: 70,
      y: 512,
    });
    const right = { x: 0, y: 0, width: 1858, height: 1080 };
    const rightTray = { x: 1880, y: 300, width: 24, height: 24 };
    expect(trayEdge(rightTray, right)).toBe('right');
    expect(popupPosition({ tray: rightTray, workArea: right, size, platform: 'win32' })).toEqual({
      x: 1410,
      y: 32,
    });
  });

  it('a second display with negative coordinates', () => {
    const workArea = { x: -1920, y: 0, width: 1920, height: 1040 };
    const tray = { x: -300, y: 1050, width: 24, height: 24 };
    expect(popupPosition({ tray, workArea, size, platform: 'win32' })).toEqual({ x: -508, y: 472 });
  });

  it('an auto-hiding taskbar overlapping the work area: the nearest edge', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
    const tray = { x: 1800, y: 1060, width: 20, height: 20 };
    expect(trayEdge(tray, workArea)).toBe('bottom');
    expect(popupPosition({ tray, workArea, size, platform: 'win32' }).y).toBe(512);
  });

  it('no tray bounds (Linux): the corner where the tray usually is', () => {
    const workArea = { x: 0, y: 27, width: 1920, height: 1053 };
    for (const tray of [undefined, { x: 0, y: 0, width: 0, height: 0 }]) {
      expect(popupPosition({ tray, workArea, size, platform: 'linux' })).toEqual({ x: 1472, y: 512 });
      expect(popupPosition({ tray, workArea, size, platform: 'darwin' })).toEqual({ x: 1472, y: 35 });
    }
  });

  it('a popup larger than the work area keeps its top-left corner on screen', () => {
    const workArea = { x: 0, y: 0, width: 400, height: 300 };
    const tray = { x: 380, y: 310, width: 20, height: 20 };
    expect(popupPosition({ tray, workArea, size, platform: 'win32' })).toEqual({ x: 8, y: 8 });
    expect(popupPosition({ tray: undefined, workArea, size, platform: 'linux' })).toEqual({ x: 8, y: 8 });
  });

  it('always whole pixels', () => {
    const workArea = { x: 0.5, y: 25.25, width: 1440, height: 875 };
    const tray = { x: 1200.3, y: 0, width: 21.7, height: 24 };
    const { x, y } = popupPosition({ tray, workArea, size, platform: 'darwin' });
    expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
  });
});
