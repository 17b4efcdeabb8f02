/**
 * Parts of the HTML review report. The profile chart is an SVG drawn from the same geometry as the
 * PDF's chart (profile-chart.ts). It is decoration for sighted readers: the table next to it holds
 * the same numbers as text, so the SVG is hidden from assistive technology.
 */
import type { ProfileGeometry } from "./profile-chart";
import { tickAnchor } from "./profile-chart";

export function ProfileChartSvg({ geometry, valueText }: { geometry: ProfileGeometry; valueText: (mean: number | null) => string }) {
  const g = geometry;
  return (
    <svg
      className="report-chart"
      viewBox={`0 0 ${g.width} ${g.height}`}
      width={g.width}
      height={g.height}
      aria-hidden="true"
      focusable="false"
      fontFamily="Helvetica, Arial, sans-serif"
    >
      {g.ticks.map((tick) => (
        <line key={`grid-${tick.value}`} x1={tick.x} y1={g.grid.y1} x2={tick.x} y2={g.grid.y2} stroke={g.colours.border} strokeWidth={0.75} />
      ))}
      {g.rows.map((row) => (
        <g key={row.key}>
          {row.titleLines.map((line) => (
            <text key={line.y} x={row.track.x} y={line.y} fill={g.colours.text} fontSize={g.fontSize} fontWeight="bold">
              {line.text}
            </text>
          ))}
          <rect x={row.track.x} y={row.track.y} width={row.track.width} height={row.track.height} fill={g.colours.track} />
          {row.bar ? <rect x={row.bar.x} y={row.bar.y} width={row.bar.width} height={row.bar.height} fill={row.bar.fill} /> : null}
          <text x={row.value.x} y={row.value.y} fill={g.colours.text} fontSize={g.fontSize} fontWeight="bold">
            {valueText(row.mean)}
          </text>
        </g>
      ))}
      {g.ticks.map((tick, i) => (
        <g key={`tick-${tick.value}`}>
          <text x={tick.x} y={g.labelsY} fill={g.colours.text} fontSize={g.smallFontSize} fontWeight="bold" textAnchor={tickAnchor(i, g.ticks.length)}>
            {tick.valueText}
          </text>
          {tick.labelLines.map((line, l) => (
            <text key={line} x={tick.x} y={g.labelsY + (l + 1) * (g.smallFontSize + 2)} fill={g.colours.muted} fontSize={g.smallFontSize} textAnchor={tickAnchor(i, g.ticks.length)}>
              {line}
            </text>
          ))}
        </g>
      ))}
    </svg>
  );
}

/** Links to a report's PDF in both languages; plain links, since the answer is a file. */
export function PdfLinks({ href, labels }: { href: string; labels: { sv: string; en: string } }) {
  const separator = href.includes("?") ? "&" : "?";
  return (
    <ul className="inline-list pdf-links">
      <li>
        <a href={`${href}${separator}lang=sv`} hrefLang="sv" type="application/pdf">
          {labels.sv}
        </a>
      </li>
      <li>
        <a href={`${href}${separator}lang=en`} hrefLang="en" type="application/pdf">
          {labels.en}
        </a>
      </li>
    </ul>
  );
}
