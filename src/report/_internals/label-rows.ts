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
  if (/[ftrI"-]/.test(character)) return 0.45;
  if (/[mwMW]/.test(character)) return 1;
  if (/[A-Z#%&@]/.test(character)) return 0.75;
  if (/[0-9]/.test(character)) return 0.64;
  return 0.63;
}

/** The text, shortened with an ellipsis where needed so that its estimated width fits `room` pixels. */
export function fitText(text: string, fontSize: number, room: number): string {
  if (textWidth(text, fontSize) <= room) return text;
  let shortened = text;
  while (shortened.length > 1 && textWidth(`${shortened}…`, fontSize) > room) shortened = shortened.slice(0, -1);
  return `${shortened.trimEnd()}…`;
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
      let placed = rows[row];
      if (placed === undefined) {
        placed = [];
        rows[row] = placed;
      }
      if (placed.every((other) => span.right + gap <= other.left || span.left >= other.right + gap)) {
        placed.push(span);
        return row;
      }
    }
    return -1;
  });
}

/** The label of a vertical line: its span, and the x of its line, which runs down from the label's row through every row below. */
export interface LineLabel extends LabelSpan {
  x: number;
}

/**
 * The row of each line's label (0 is the row next to the lanes), or -1 for a label that fits in none of `maxRows` rows.
 * A label's line runs from its row down to the lanes, so a label is placed in the lowest row where it clears the
 * labels of that row by `gap`, no line that runs through that row crosses it, and its own line crosses no label
 * below it (`linePad`: room either side of a line). Labels right of their line are placed from the rightmost line
 * leftwards, then labels left of their line from the leftmost rightwards: each one goes above the lines its text
 * passes over, so a crowded moment reads as a staircase of labels rather than lines through words. What fits nowhere
 * is left out (its line keeps its tooltip).
 */
export function stackLabels(labels: readonly LineLabel[], maxRows: number, gap = 6, linePad = 2): number[] {
  const rightOfLine = (label: LineLabel) => label.left >= label.x;
  const order = labels
    .map((label, index) => ({ label, index }))
    .sort((a, b) => {
      const sideA = rightOfLine(a.label) ? 0 : 1;
      const sideB = rightOfLine(b.label) ? 0 : 1;
      if (sideA !== sideB) return sideA - sideB;
      // Right of their line: the rightmost first, and of two at one x the later event; left of it: the leftmost first.
      return sideA === 0 ? b.label.x - a.label.x || b.index - a.index : a.label.x - b.label.x || a.index - b.index;
    });
  const rows = labels.map(() => -1);
  const placed: { label: LineLabel; row: number }[] = [];
  const crosses = (x: number, span: LabelSpan) => x >= span.left - linePad && x <= span.right + linePad;
  for (const { label, index } of order) {
    for (let row = 0; row < maxRows; row++) {
      const clear = placed.every((other) => {
        if (other.row === row && !(label.right + gap <= other.label.left || label.left >= other.label.right + gap))
          return false;
        // The other's line runs through this row: it must not cross this label.
        if (other.row >= row && crosses(other.label.x, label)) return false;
        // This label's line runs through the other's row: it must not cross the other label.
        if (other.row <= row && crosses(label.x, other.label)) return false;
        return true;
      });
      if (clear) {
        rows[index] = row;
        placed.push({ label, row });
        break;
      }
    }
  }
  return rows;
}
