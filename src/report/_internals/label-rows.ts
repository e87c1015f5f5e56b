// Places short labels in stacked rows so that none overlaps another (a label that fits nowhere is left out).

/**
 * The width of a label in a semi-bold sans-serif font, estimated per character (narrow punctuation, lower case,
 * digits, capitals, wide letters, CJK) and rounded up by about a tenth, so that labels placed apart by it stay apart in the
 * fonts a browser may pick (measured against Chromium's rendering of the report's labels). No text is measured: the
 * picture is made without a browser.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const character of text) ems += characterEms(character);
  return ems * fontSize * 1.12;
}

function characterEms(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  if (code >= 0x2e80) return 1;
  if (/[ilj.,:;'|!()[\]{} ]/.test(character)) return 0.33;
  if (/[ftrI"\-]/.test(character)) return 0.45;
  if (/[mwMW]/.test(character)) return 1;
  if (/[A-Z#%&@]/.test(character)) return 0.75;
  if (/[0-9]/.test(character)) return 0.64;
  return 0.63;
}

export interface LabelSpan {
  /** Left and right edges in pixels. */
  left: number;
  right: number;
}

/**
 * The row of each span (0 is the first), or -1 for a span that fits in none of `maxRows` rows.
 * Spans are placed in the order given, each in the first row where it clears the spans already there by `gap`.
 */
export function assignRows(spans: readonly LabelSpan[], maxRows: number, gap = 6): number[] {
  const rows: LabelSpan[][] = [];
  return spans.map((span) => {
    for (let row = 0; row < maxRows; row++) {
      const placed = rows[row] ?? (rows[row] = []);
      if (placed.every((other) => span.right + gap <= other.left || span.left >= other.right + gap)) {
        placed.push(span);
        return row;
      }
    }
    return -1;
  });
}
