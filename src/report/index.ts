// The public surface of the reports: timeline picture, HTML page, terminal text, and the files written to disk.

export type { ReportInput, ReportProblem, ReportStatus } from './report-input.js';
export { renderTimelineSvg, type TimelineSvgOptions } from './timeline-svg.js';
export { renderHtmlReport, type HtmlReportOptions } from './html-report.js';
export { renderTextReport, type TextReportOptions } from './text-report.js';
export { writeReport, type WrittenReport } from './write-report.js';
export { resilienceReportInput, type ReportTarget } from './resilience-report.js';
