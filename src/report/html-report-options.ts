// The options of the HTML report and their defaults filled in: read by the page and by its campaign sections.

export interface HtmlReportOptions {
  /** The width of the timeline pictures in pixels. Default 1180 (it fits the page; a narrower window scales it down). */
  timelineWidth?: number;
  /** Show at most this many lines of a run's output. Default 200. */
  maxOutputLines?: number;
  /** Show at most this many events of a run's full history (the history files keep them all). Default 5000. */
  maxHistoryEvents?: number;
}

/** The options with their defaults filled in. */
export type HtmlLimits = Required<HtmlReportOptions>;
