/**
 * Heatmap colours: the viridis palette (perceptually uniform, readable with the common forms of
 * colour blindness and in greyscale), sampled evenly for the steps of a manual's scale, lowest
 * step darkest. The text on each colour is black or white, whichever contrasts more; for any
 * background one of the two reaches at least 4.58:1, so every cell meets WCAG AA (4.5:1).
 * Pure: used by the page, and testable without a browser.
 */

/** viridis at t = 0, 1/8, …, 1 (matplotlib's table). */
const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"];

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function rgbToHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** The palette colour at t in [0, 1], linearly interpolated between the table's entries. */
export function viridis(t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (VIRIDIS.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(VIRIDIS.length - 1, lower + 1);
  const fraction = position - lower;
  const a = hexToRgb(VIRIDIS[lower]!);
  const b = hexToRgb(VIRIDIS[upper]!);
  return rgbToHex([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * fraction) as [number, number, number]);
}

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [relativeLuminance(foreground), relativeLuminance(background)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export interface HeatColour {
  background: string;
  text: string;
}

/** Colour of step `index` (0 = lowest) on a scale of `count` steps. */
export function heatColour(index: number, count: number): HeatColour {
  const background = viridis(count <= 1 ? 1 : index / (count - 1));
  const text = contrastRatio("#000000", background) >= contrastRatio("#ffffff", background) ? "#000000" : "#ffffff";
  return { background, text };
}
