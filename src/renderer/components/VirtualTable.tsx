import { useVirtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualTableProps<T> {
  /** Names the scrolling region (screen readers, and the keyboard: the region takes focus to scroll). */
  label: string;
  className: string;
  testId?: string;
  caption?: ReactNode;
  /** Column widths, for a table laid out fixed (its columns then do not jump as rows come and go). */
  colgroup?: ReactNode;
  /** The header row (its cells stick to the top while the list scrolls). */
  head: ReactNode;
  /** Rows always present before the list (e.g. this computer), each a <tr>. */
  before?: ReactNode;
  /** Rows after the list (e.g. the empty state). */
  after?: ReactNode;
  items: readonly T[];
  /**
   * What a row's React key (and its remembered height) follows. `item` (the default): the item's own
   * key, for lists whose order is stable and whose rows keep state. `position`: the row's place in the
   * list, for a list that re-sorts all the time (devices by cost): a device moving up updates the text
   * of the rows in place instead of moving table sections about, which re-laid out the whole table and
   * was most of the time a change took. Rows keyed so must keep no state of their own.
   */
  keyBy?: 'item' | 'position';
  itemKey: (item: T) => string;
  /** A row's height before it is measured, in px. */
  estimatePx: number;
  columns: number;
  /** One item's rows (a <tr>, or a row and its details row); each item gets a <tbody> of its own. */
  renderItem: (item: T) => ReactNode;
}

/** Rows rendered beyond the visible ones, above and below: Tab and the arrow keys land on real rows. */
const OVERSCAN = 5;

/**
 * A row's height as the ResizeObserver reports it (after layout); when a row mounts, what it measured
 * before or the estimate. The library's default reads offsetHeight at mount, which forces a layout of
 * the whole table inside React's commit (most of the time a peers change took); the observer's report
 * follows in the same frame anyway, and only a row whose height really changed re-renders the list.
 */
const measureWithoutForcingLayout: NonNullable<VirtualizerOptions<HTMLDivElement, Element>['measureElement']> = (element, entry, instance) => {
  const box = entry?.borderBoxSize[0];
  if (box) return Math.round(box.blockSize);
  const index = instance.indexFromElement(element);
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index);
};

/**
 * A table whose list rows exist in the page only while they are near the visible part of its scroll
 * region (@tanstack/react-virtual): 200 devices changing every second lay out and paint like twenty.
 * The rows keep table semantics (each item is a <tbody>, measured as it renders, so an opened details
 * row just makes its item taller); spacer rows stand in for the ones scrolled away.
 */
export function VirtualTable<T>(props: VirtualTableProps<T>): React.JSX.Element {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const beforeRef = useRef<HTMLTableSectionElement>(null);
  // Where the list starts inside the scroll region (below the header and the `before` rows).
  const [scrollMargin, setScrollMargin] = useState(0);
  const { items, itemKey } = props;
  const byPosition = props.keyBy === 'position';
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => props.estimatePx,
    getItemKey: (index) => {
      const item = items[index];
      return item === undefined || byPosition ? index : itemKey(item);
    },
    overscan: OVERSCAN,
    scrollMargin,
    measureElement: measureWithoutForcingLayout,
  });
  // The header and the `before` rows, observed rather than measured on every render (a measurement in
  // a layout effect would force the whole table's layout at each commit).
  useEffect(() => {
    const parts = [headRef.current, beforeRef.current].filter((e): e is HTMLTableSectionElement => e !== null);
    const heights = new Map<Element, number>();
    const observer = new ResizeObserver((entries) => {
      for (const e of entries) heights.set(e.target, e.borderBoxSize[0]?.blockSize ?? 0);
      setScrollMargin(Math.round([...heights.values()].reduce((a, b) => a + b, 0)));
    });
    parts.forEach((p) => observer.observe(p));
    return () => observer.disconnect();
  }, [props.before !== undefined]);

  const rows = virtualizer.getVirtualItems();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const padTop = first ? first.start - scrollMargin : 0;
  const padBottom = last ? virtualizer.getTotalSize() - (last.end - scrollMargin) : 0;
  const spacer = (px: number): ReactNode =>
    px > 0 && <tr aria-hidden="true" className="spacer" style={{ height: px }}><td colSpan={props.columns} /></tr>;

  return (
    // A scrollable region must be reachable by keyboard (WCAG 2.1.1): it takes focus and scrolls with the arrow keys.
    <div ref={scrollRef} className="table-scroll" role="region" aria-label={props.label} tabIndex={0} data-testid={props.testId}>
      <table className={`${props.className} virtual`}>
        {props.caption}
        {props.colgroup}
        <thead ref={headRef}>{props.head}</thead>
        {props.before !== undefined && <tbody ref={beforeRef}>{props.before}</tbody>}
        <tbody>{spacer(padTop)}</tbody>
        {rows.map((row) => {
          const item = items[row.index];
          return item === undefined ? null : (
            <tbody key={row.key} data-index={row.index} ref={virtualizer.measureElement}>
              {props.renderItem(item)}
            </tbody>
          );
        })}
        <tbody>
          {spacer(padBottom)}
          {props.after}
        </tbody>
      </table>
    </div>
  );
}
