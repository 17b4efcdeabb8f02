/**
 * The box a table scrolls sideways in when it is wider than the page: on a phone, or at 400 % zoom
 * (320 CSS px), where only such a table may scroll and never the page (WCAG 1.4.10). A keyboard
 * user must be able to reach and scroll it (WCAG 2.1.1; axe's scrollable-region-focusable), so it
 * is a region named by its table's caption (`TableCaption`) with a tab stop. With JavaScript the
 * tab stop is kept only while the table is wider than the box, so a wide screen gets no extra stop
 * before every table; without it every such box keeps its stop.
 */
import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from "react";

const CaptionId = createContext<string | undefined>(undefined);

export function TableScroll({ children, className }: { children: ReactNode; className?: string }) {
  const captionId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const update = () => {
      element.tabIndex = element.scrollWidth > element.clientWidth + 1 ? 0 : -1;
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className={className ? `table-wrapper ${className}` : "table-wrapper"} role="region" aria-labelledby={captionId} tabIndex={0}>
      <CaptionId.Provider value={captionId}>{children}</CaptionId.Provider>
    </div>
  );
}

/** The table's caption, which also names the TableScroll around it. */
export function TableCaption({ children, className }: { children: ReactNode; className?: string }) {
  const id = useContext(CaptionId);
  return (
    <caption id={id} className={className}>
      {children}
    </caption>
  );
}
