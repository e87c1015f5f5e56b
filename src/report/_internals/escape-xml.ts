// Escapes text for XML and HTML (element content and quoted attributes), and drops what XML cannot carry.

/** C0 control characters other than tab, line feed and carriage return are not allowed anywhere in XML 1.0. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters is this pattern's job.
const forbiddenInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/** ANSI escape sequences (colours, cursor moves) that an app's output may carry. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: an escape sequence starts with the ESC control character.
const ansiSequence = /\u001B\[[0-?]*[ -/]*[@-~]/g;

/** Text made safe for XML content and for double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(ansiSequence, '')
    .replace(forbiddenInXml, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A number for an SVG attribute: at most one decimal, no `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
