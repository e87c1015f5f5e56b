// The measures of the timeline picture (paddings, lane parts, rows), shared by the modules that draw it.

/** Sizes in pixels. */
export const layout = {
  padding: 16,
  gutter: 160,
  /** Room right of the plot for the labels at the very end (`exit 0`, `still running`); longer ones go left of their mark. */
  rightMargin: 96,
  titleHeight: 30,
  labelRowHeight: 14,
  maxLabelRows: 6,
  laneTopPad: 17,
  barHeight: 12,
  barGap: 8,
  rowHeight: 8,
  maxRows: 8,
  laneBottomPad: 9,
  minLaneHeight: 46,
  stripHeight: 9,
  binWidth: 3,
  axisHeight: 42,
  legendGap: 14,
} as const;

/** The picture's stylesheet: fonts and text colours (shapes carry their colours as attributes). */
export const style = [
  '.cc text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:11px}',
  '.cc .cc-title{font-size:15px;font-weight:600}',
  '.cc .cc-lane-role{font-size:12px;font-weight:600}',
  '.cc .cc-lane-pid{font-size:12px;font-weight:400}',
  '.cc .cc-lane-note{font-size:10.5px;fill:#616161}',
  '.cc .cc-tick{font-size:10.5px;fill:#616161}',
  // A white halo keeps labels readable where they cross a line.
  '.cc .cc-event-label,.cc .cc-marker-label{paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}',
  '.cc .cc-event-label{font-size:10.5px;font-weight:600}',
  '.cc .cc-marker-label{font-size:10px;font-weight:600}',
  '.cc .cc-legend-heading{font-weight:600}',
].join('');

/** The dash patterns of the vertical event lines, shared by the lines and the legend. */
export const eventDashes = {
  clusterReady: '6 3',
  fault: '3 3',
  stop: '6 3',
  reload: '4 2',
  mark: '2 3',
} as const;
