// Places short labels in stacked rows so that none overlaps another (a label that fits nowhere is left out).

/** Rough width of a label in a sans-serif font: enough to keep labels apart without measuring text. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.58;
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
