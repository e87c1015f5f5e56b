// ANSI styles for the terminal report, applied only when the caller asks for colour.

import type { ReportStatus } from '../report-input.js';

/**
 * SGR codes written by hand: the package supports Node 20.10, and `util.styleText` (20.12) drops colours on a stream
 * that is not a TTY in later versions, while here the caller decides.
 */
const sgr = {
  bold: [1, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  dim: [2, 22],
} as const;
export type Style = keyof typeof sgr;

export const statusStyle: Record<ReportStatus, Style> = {
  pass: 'green',
  unknown: 'yellow',
  fail: 'red',
  error: 'magenta',
};

export type Paint = (style: Style | Style[], text: string) => string;

/** Paints text with the styles given, or returns it as is when `color` is false (plain text for logs and CI). */
export function painter(color: boolean): Paint {
  return (style, text) => {
    if (!color) return text;
    const styles = Array.isArray(style) ? style : [style];
    return styles.reduce((painted, name) => `\u001B[${sgr[name][0]}m${painted}\u001B[${sgr[name][1]}m`, text);
  };
}
