/**
 * The reports' colours, shared by the HTML chart and both PDFs: the app's palette
 * (app/styles/app.css) so a printed report looks like the site. Score colours come from the
 * national heatmap (../national/heat-colours.ts). Every text colour here reaches at least
 * 4.5:1 on white (WCAG AA).
 */
export const REPORT_COLOURS = {
  text: "#1b1f24",
  muted: "#4a5560",
  border: "#c4ccd4",
  rule: "#dde3e8",
  surface: "#f3f5f7",
  primary: "#1d4f73",
  primaryDark: "#123650",
  /** The bar's track: the scale's full length behind the value. */
  track: "#e6ebf0",
  white: "#ffffff",
} as const;
