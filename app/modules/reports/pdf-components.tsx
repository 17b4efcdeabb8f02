/**
 * Building blocks of both PDF reports (react-pdf): the page frame with its running footer and
 * page numbers, headings, fact lists, score badges and the profile chart drawn with Svg
 * primitives from the geometry in profile-chart.ts. Server-side only (imported by the
 * *.server.tsx renderers), so react-pdf never reaches the browser bundle.
 *
 * Every string arriving here has been through pdfText (pdf-text.ts): the documents use the PDF
 * standard fonts Helvetica and Courier (decision 010).
 */
import { Font, G, Line, Page, Rect, StyleSheet, Svg, Text, View, type Styles } from "@react-pdf/renderer";
import { syllables } from "@react-pdf/hyphenate/sv";
import type { ComponentProps, ReactNode } from "react";
import { tickAnchor, type ProfileGeometry } from "./profile-chart";
import { REPORT_COLOURS as C } from "./report-colours";

/**
 * Line breaking inside words: short words never break; long ones (Swedish compounds, links) break
 * at Swedish syllables, and any piece still longer than a narrow column is cut into pieces, so
 * no word can run out of its cell. The same rule for every text of both reports.
 */
export function breakWord(word: string): string[] {
  if (word.length <= 18) return [word];
  return syllables(word).flatMap((piece) => (piece.length <= 14 ? [piece] : (piece.match(/.{1,10}/gsu) ?? [piece])));
}
Font.registerHyphenationCallback(breakWord);

export const styles = StyleSheet.create({
  page: {
    fontFamily: "Helvetica",
    fontSize: 9.5,
    color: C.text,
    paddingTop: 54,
    paddingBottom: 70,
    paddingHorizontal: 56,
  },
  // Line height for the content, not on the page: react-pdf 4.9 drops a page-number text (a `render`
  // prop) that inherits any lineHeight, so the footer must not inherit one. A unitless lineHeight
  // is resolved against the font size of the element that sets it and inherited as points, so
  // the content sets its font size too, and every text style of another size sets its own.
  // flexGrow: the content box is the flow region react-pdf measures for every page (the layout's probe).
  content: { fontSize: 9.5, lineHeight: 1.4, flexGrow: 1 },
  band: { position: "absolute", top: 0, left: 0, right: 0, height: 10, backgroundColor: C.primary },
  kicker: { fontSize: 8, lineHeight: 1.3, letterSpacing: 1.2, color: C.muted, textTransform: "uppercase", marginBottom: 4 },
  coverLabel: { fontSize: 13, lineHeight: 1.3, color: C.primary, fontFamily: "Helvetica-Bold", marginTop: 90, marginBottom: 6 },
  coverTitle: { fontSize: 28, lineHeight: 1.15, fontFamily: "Helvetica-Bold", color: C.text, marginBottom: 8 },
  coverSubtitle: { fontSize: 14, lineHeight: 1.3, color: C.muted, marginBottom: 36 },
  h2: {
    fontSize: 15,
    lineHeight: 1.25,
    fontFamily: "Helvetica-Bold",
    color: C.primaryDark,
    marginTop: 6,
    marginBottom: 10,
    paddingBottom: 4,
    borderBottomWidth: 1.5,
    borderBottomColor: C.primary,
  },
  h3: { fontSize: 11.5, lineHeight: 1.3, fontFamily: "Helvetica-Bold", color: C.text, marginTop: 12, marginBottom: 6 },
  paragraph: { marginBottom: 6 },
  muted: { color: C.muted },
  small: { fontSize: 8, lineHeight: 1.35, color: C.muted },
  bold: { fontFamily: "Helvetica-Bold" },
  facts: { borderTopWidth: 0.75, borderTopColor: C.border },
  factRow: { flexDirection: "row", paddingVertical: 5, borderBottomWidth: 0.75, borderBottomColor: C.border },
  factLabel: { width: 150, color: C.muted, paddingRight: 8 },
  factValue: { flex: 1 },
  notice: { marginTop: 18, padding: 10, backgroundColor: C.surface, borderLeftWidth: 3, borderLeftColor: C.primary, fontSize: 8.5, lineHeight: 1.4 },
  warning: { marginBottom: 12, padding: 10, backgroundColor: "#fdecee", borderLeftWidth: 3, borderLeftColor: "#b00020", color: "#7a0016" },
  footer: { position: "absolute", bottom: 26, left: 56, right: 56, borderTopWidth: 0.75, borderTopColor: C.border, paddingTop: 5 },
  footerRow: { flexDirection: "row", justifyContent: "space-between", fontSize: 7.5, color: C.muted },
  footerHash: { fontFamily: "Courier", fontSize: 7, color: C.muted, marginTop: 2 },
  badge: { width: 16, height: 14, borderRadius: 2, alignItems: "center", justifyContent: "center", marginRight: 4 },
  badgeText: { fontSize: 8.5, fontFamily: "Helvetica-Bold", lineHeight: 1 },
  table: { borderTopWidth: 0.75, borderTopColor: C.border },
  tableHead: { flexDirection: "row", backgroundColor: C.surface, borderBottomWidth: 0.75, borderBottomColor: C.border },
  tableRow: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: C.rule },
  th: { fontFamily: "Helvetica-Bold", fontSize: 7.5, color: C.text, paddingVertical: 4, paddingHorizontal: 4, lineHeight: 1.25 },
  td: { fontSize: 8, paddingVertical: 3.5, paddingHorizontal: 4, lineHeight: 1.3 },
  number: { textAlign: "right" },
  rule: { marginBottom: 8, paddingLeft: 8, borderLeftWidth: 2.5, borderLeftColor: C.primary, fontSize: 8.5, lineHeight: 1.4, color: C.text },
});

export type Style = Styles[string];

/** What react-pdf passes a page layout: the page's content and its page numbers (the type is not exported). */
type PageLayoutProps = Parameters<NonNullable<ComponentProps<typeof Page>["layout"]>>[0];

/**
 * A page with the colour band, the running footer (title left, page x of y right) and the content hash.
 *
 * The band and footer are the page's `layout` (react-pdf's page chrome, drawn around the content
 * on every output page), which also switches the document to react-pdf's measure-once pagination
 * engine: the default engine lays out the whole rest of a flow again at every page break, so a
 * document of n pages cost O(n²) — seconds for a review report, minutes for the national report
 * at national scale (decision 022).
 */
export function ReportPage({
  children,
  footerTitle,
  pageLabel,
  hashLine,
  orientation = "portrait",
}: {
  children: ReactNode;
  footerTitle: string;
  /** "Sida {page} av {pages}", with the two placeholders. */
  pageLabel: string;
  hashLine: string;
  orientation?: "portrait" | "landscape";
}) {
  // A plain function, called once per output page (layouts may not use hooks); an array, as react-pdf
  // takes the layout's result apart into the page's children.
  const layout = ({ children: content, pageNumber, totalPages }: PageLayoutProps) => [
    <View key="band" style={styles.band} />,
    <View key="content" style={styles.content}>
      {content}
    </View>,
    <View key="footer" style={styles.footer}>
      <View style={styles.footerRow}>
        <Text>{footerTitle}</Text>
        <Text>{pageLabel.replace("{page}", String(pageNumber ?? "")).replace("{pages}", String(totalPages ?? ""))}</Text>
      </View>
      <Text style={styles.footerHash}>{hashLine}</Text>
    </View>,
  ];
  return (
    <Page size="A4" orientation={orientation} style={styles.page} wrap layout={layout}>
      {children}
    </Page>
  );
}

/**
 * A section heading that is never split (its rule would land on the next page) nor left alone at
 * the foot of a page, and a bookmark in the outline.
 */
export function SectionHeading({ children, breakBefore = false }: { children: string; breakBefore?: boolean }) {
  return (
    // react-pdf renders `bookmark` on any element (the outline), though its types name it on Page only.
    <Text style={styles.h2} break={breakBefore} wrap={false} minPresenceAhead={60} {...({ bookmark: { title: children, fit: true } } as object)}>
      {children}
    </Text>
  );
}

export function SubHeading({ children, style }: { children: ReactNode; style?: Style }) {
  return (
    <Text style={style ? [styles.h3, style] : styles.h3} wrap={false} minPresenceAhead={40}>
      {children}
    </Text>
  );
}

export function Facts({ rows }: { rows: { label: string; value: ReactNode }[] }) {
  return (
    <View style={styles.facts}>
      {rows.map((row) => (
        <View key={row.label} style={styles.factRow} wrap={false}>
          <Text style={styles.factLabel}>{row.label}</Text>
          <View style={styles.factValue}>{typeof row.value === "string" ? <Text>{row.value}</Text> : row.value}</View>
        </View>
      ))}
    </View>
  );
}

/** A score as a coloured square with its number (the heatmap's colours), then its label. */
export function ScoreBadge({ score, colour }: { score: string; colour: { background: string; text: string } }) {
  return (
    <View style={[styles.badge, { backgroundColor: colour.background }]}>
      <Text style={[styles.badgeText, { color: colour.text }]}>{score}</Text>
    </View>
  );
}

/** The profile chart (profile-chart.ts) with react-pdf's Svg primitives: the HTML page draws the same geometry. */
export function ProfileChartPdf({ geometry, valueText }: { geometry: ProfileGeometry; valueText: (mean: number | null) => string }) {
  const g = geometry;
  return (
    <Svg width={g.width} height={g.height} viewBox={`0 0 ${g.width} ${g.height}`}>
      {g.ticks.map((tick) => (
        <Line key={`grid-${tick.value}`} x1={tick.x} y1={g.grid.y1} x2={tick.x} y2={g.grid.y2} stroke={g.colours.border} strokeWidth={0.75} />
      ))}
      {g.rows.map((row) => (
        <G key={row.key}>
          {row.titleLines.map((line) => (
            <Text key={line.y} x={row.track.x} y={line.y} fill={g.colours.text} style={{ fontSize: g.fontSize, fontFamily: "Helvetica-Bold" }}>
              {line.text}
            </Text>
          ))}
          <Rect x={row.track.x} y={row.track.y} width={row.track.width} height={row.track.height} fill={g.colours.track} />
          {row.bar ? <Rect x={row.bar.x} y={row.bar.y} width={row.bar.width} height={row.bar.height} fill={row.bar.fill} /> : null}
          <Text x={row.value.x} y={row.value.y} fill={g.colours.text} style={{ fontSize: g.fontSize, fontFamily: "Helvetica-Bold" }}>
            {valueText(row.mean)}
          </Text>
        </G>
      ))}
      {g.ticks.map((tick, i) => (
        <G key={`tick-${tick.value}`}>
          <Text x={tick.x} y={g.labelsY} fill={g.colours.text} textAnchor={tickAnchor(i, g.ticks.length)} style={{ fontSize: g.smallFontSize, fontFamily: "Helvetica-Bold" }}>
            {tick.valueText}
          </Text>
          {tick.labelLines.map((line, l) => (
            <Text
              key={line}
              x={tick.x}
              y={g.labelsY + (l + 1) * (g.smallFontSize + 2)}
              fill={g.colours.muted}
              textAnchor={tickAnchor(i, g.ticks.length)}
              style={{ fontSize: g.smallFontSize }}
            >
              {line}
            </Text>
          ))}
        </G>
      ))}
    </Svg>
  );
}

export interface Column {
  header: string;
  width: number;
  align?: "left" | "right" | "center";
}

/** A table whose rows never split across pages (a long table simply continues on the next page). */
export function Table({ columns, rows }: { columns: Column[]; rows: { key: string; cells: ReactNode[] }[] }) {
  const head = (
    <View style={styles.tableHead} wrap={false}>
      {columns.map((c) => (
        <View key={c.header} style={{ width: c.width }}>
          <Text style={[styles.th, { textAlign: c.align ?? "left" }]}>{c.header}</Text>
        </View>
      ))}
    </View>
  );
  return (
    <View style={[styles.table, { marginBottom: 10 }]}>
      {head}
      {rows.map((row) => (
        <View key={row.key} style={styles.tableRow} wrap={false}>
          {row.cells.map((cell, i) => {
            const column = columns[i]!;
            return (
              <View key={column.header} style={{ width: column.width, justifyContent: "center" }}>
                {typeof cell === "string" || typeof cell === "number" ? <Text style={[styles.td, { textAlign: column.align ?? "left" }]}>{cell}</Text> : cell}
              </View>
            );
          })}
        </View>
      ))}
    </View>
  );
}
