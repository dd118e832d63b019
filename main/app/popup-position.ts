/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The screen edge the tray icon sits on: the menu bar, a taskbar at any side, a top panel. */
export type TrayEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopupPlacement {
  /** The tray icon's bounds; empty or missing where the platform does not say (Linux). */
  tray: Rect | undefined;
  /** The work area of the display the tray is on: the screen minus menu bar, dock and taskbars. */
  workArea: Rect;
  size: Size;
  platform: NodeJS.Platform;
  /** Space kept between the popup and the screen's edges. */
  margin?: number;
}

const MARGIN = 8;

/**
 * Where the approval popup goes: beside the tray icon, on the side of the screen the icon is on,
 * and always inside the work area, so it never hides under the taskbar or the menu bar. Without
 * tray bounds, the corner where the tray usually is: top right on macOS, bottom right elsewhere.
 */
export function popupPosition({ tray, workArea, size, platform, margin = MARGIN }: PopupPlacement): {
  x: number;
  y: number;
} {
  const left = workArea.x + margin;
  const top = workArea.y + margin;
  const right = workArea.x + workArea.width - size.width - margin;
  const bottom = workArea.y + workArea.height - size.height - margin;

  // Bottom and right give way to top and left when the popup is larger than the work area.
  const atRight = Math.max(left, right);
  const atBottom = Math.max(top, bottom);
  const round = (x: number, y: number) => ({ x: Math.round(x), y: Math.round(y) });

  if (!tray || tray.width <= 0 || tray.height <= 0) {
    return round(atRight, platform === 'darwin' ? top : atBottom);
  }
  const besideX = clamp(tray.x + tray.width / 2 - size.width / 2, left, right);
  const besideY = clamp(tray.y + tray.height / 2 - size.height / 2, top, bottom);
  switch (trayEdge(tray, workArea)) {
    case 'top':
      return round(besideX, top);
    case 'bottom':
      return round(besideX, atBottom);
    case 'left':
      return round(left, besideY);
    case 'right':
      return round(atRight, besideY);
  }
}

/**
 * The tray sits in a bar outside the work area, so the side it is on is the side of the work area
 * it lies beyond. An auto-hiding taskbar overlaps the work area instead: then the nearest edge.
 */
export function trayEdge(tray: Rect, workArea: Rect): TrayEdge {
  const workRight = workArea.x + workArea.width;
  const workBottom = workArea.y + workArea.height;
  if (tray.y + tray.height <= workArea.y) return 'top';
  if (tray.y >= workBottom) return 'bottom';
  if (tray.x + tray.width <= workArea.x) return 'left';
  if (tray.x >= workRight) return 'right';
  const centerX = tray.x + tray.width / 2;
  const centerY = tray.y + tray.height / 2;
  const distances: [TrayEdge, number][] = [
    ['top', centerY - workArea.y],
    ['bottom', workBottom - centerY],
    ['left', centerX - workArea.x],
    ['right', workRight - centerX],
  ];
  return distances.reduce((nearest, next) => (next[1] < nearest[1] ? next : nearest))[0];
}

/** Within [low, high]; a popup larger than the work area keeps its top-left corner on screen. */
function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}
