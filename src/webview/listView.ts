// Draws the record list of a ListModel: only the rows near the viewport exist in the DOM, positioned by the model's
// offsets. Handles the list's mouse, keyboard and scroll input; every decision is the model's (virtualList.ts).
import { formatBytes, formatDateTime, formatTime, isEventKind } from '../core/records/display';
import type { RecordRow } from '../core/panel/protocol';
import { toRecordContext } from '../core/panel/recordContext';
import { renderDetail } from './detail';
import type { DetailState } from './detailLines';
import { h, setText } from './dom';
import type { ListModel, ListRow, PositionRange } from './virtualList';

export interface ListHost {
  detail(id: number): DetailState;
  showUnchanged(): boolean;
  /** A row was expanded (fetch its detail) or collapsed (forget it). */
  expandedChanged(id: number, expanded: boolean): void;
  copySelected(): void;
  /** Selection, expansion, follow or scroll position changed: refresh the toolbar and save the state. */
  stateChanged(scrollTop: number): void;
  /** A render finished (the empty message and toolbar may need updating). */
  rendered(): void;
  /** Rows the list must show and does not have: ask the host for them. */
  requestRows(range: PositionRange): void;
  /** A range selection covers rows the list does not have: ask the host for their ids. */
  requestIds(range: PositionRange): void;
}

/**
 * How a list draws its rows: the header's column names, a row's cells, and the row's context for VS Code's right-click
 * menu (webview/context) given the rows its commands act on (the selection it is part of). The tail panel lists
 * records; the items panel lists items with the same list.
 */
export interface RowFormat<R extends ListRow> {
  columns: readonly string[];
  /** The CSS grid columns (`--columns`); unset: the stylesheet's. */
  gridColumns?: string;
  cells(row: R): HTMLElement;
  context(row: R, ids: readonly number[]): string;
}

const cell = (cls: string, text: string, title?: string) => h('span', { className: `cell ${cls}`, title: title ?? text, attrs: { role: 'gridcell' } }, text);

/** A tail panel's records: arrival, creation, event, keys, sequence number, shard, size. */
export const RECORD_FORMAT: RowFormat<RecordRow> = {
  columns: ['Arrived', 'Created', 'Event', 'Keys', 'Sequence number', 'Shard', 'Size'],
  cells: (row) =>
    h(
      'div',
      { className: `cells kind-${isEventKind(row.kind) ? row.kind : 'MODIFY'}` },
      cell('arrived', formatTime(row.arrivalMs), `Arrived ${formatDateTime(row.arrivalMs)}`),
      cell('created', formatTime(row.approximateCreationMs), row.approximateCreationMs === undefined ? 'No ApproximateCreationDateTime' : `Approximate creation ${formatDateTime(row.approximateCreationMs)}`),
      cell('event', row.eventName),
      cell('keys', row.keys),
      cell('seq', row.sequenceNumber),
      cell('shard', row.shardId),
      cell('size', formatBytes(row.sizeBytes), row.sizeBytes === undefined ? '' : `${row.sizeBytes} bytes`),
    ),
  context: (row, ids) => JSON.stringify(toRecordContext(row.id, ids)),
};

/** A list not drawn for this long is quiet: new rows are drawn as they arrive. */
const QUIET_RENDER_MS = 100;

export class ListView<R extends ListRow = RecordRow> {
  readonly viewport: HTMLElement;
  readonly element: HTMLElement;
  private readonly header = h('div', { className: 'grid-header cells', attrs: { role: 'row' } });
  private readonly canvas = h('div', { className: 'canvas' });
  private readonly empty = h('div', { className: 'empty' });
  private readonly rendered = new Map<number, HTMLElement>();
  private renderQueued = false;
  private lastRenderAt = -Infinity;
  /** Set while the list scrolls itself, so that scroll is not taken as the user's (which would change follow). */
  private programmaticScroll = false;

  constructor(
    private readonly model: ListModel<R>,
    private readonly host: ListHost,
    private format: RowFormat<R>,
    label = 'Stream records',
  ) {
    this.viewport = h('div', { className: 'viewport', attrs: { tabindex: 0, role: 'grid', 'aria-label': label } });
    this.viewport.append(this.canvas, this.empty);
    this.element = h('div', { className: 'list' }, this.header, this.viewport);
    this.showColumns();
    this.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.viewport.addEventListener('click', (ev) => this.onClick(ev));
    this.viewport.addEventListener('keydown', (ev) => this.onKey(ev));
    this.viewport.addEventListener('contextmenu', (ev) => this.onContextMenu(ev));
    window.addEventListener('resize', () => this.scheduleRender());
  }

  /** Other columns (an items panel's next query): the header and every row are drawn anew. */
  setFormat(format: RowFormat<R>): void {
    this.format = format;
    this.showColumns();
    this.rebuild();
  }

  private showColumns(): void {
    this.header.replaceChildren(...this.format.columns.map((t) => h('span', { className: 'cell', title: t, attrs: { role: 'columnheader' } }, t)));
    if (this.format.gridColumns) this.element.style.setProperty('--columns', this.format.gridColumns);
    else this.element.style.removeProperty('--columns');
  }

  scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  /** Every row is drawn anew (rows replaced, or their layout changed). */
  rebuild(): void {
    this.rendered.forEach((el) => el.remove());
    this.rendered.clear();
    this.model.invalidate();
    this.scheduleRender();
  }

  /** One row is drawn anew (expanded, collapsed, its detail arrived). */
  invalidateRow(id: number): void {
    this.rendered.get(id)?.remove();
    this.rendered.delete(id);
    this.model.invalidate();
    this.scheduleRender();
  }

  /** After ListModel.update: forget dropped rows and keep a reader's rows where they were on screen. */
  rowsUpdated(dropped: readonly number[], removedHeight: number): void {
    for (const id of dropped) {
      this.rendered.get(id)?.remove();
      this.rendered.delete(id);
    }
    if (!this.model.follow && removedHeight > 0) this.setScrollTop(this.viewport.scrollTop - removedHeight);
    // A record on a quiet list is drawn at once (not a frame later); while rows keep coming, once per frame.
    if (!this.renderQueued && performance.now() - this.lastRenderAt >= QUIET_RENDER_MS) this.render();
    else this.scheduleRender();
  }

  showEmpty(text: string | undefined): void {
    this.empty.hidden = text === undefined;
    if (text !== undefined) setText(this.empty, text);
  }

  setScrollTop(y: number): void {
    this.programmaticScroll = true;
    this.viewport.scrollTop = Math.max(0, y);
  }

  scrollToBottom(): void {
    const max = this.viewport.scrollHeight - this.viewport.clientHeight;
    if (this.viewport.scrollTop < max - 1) this.setScrollTop(max);
  }

  /** Rows the host sent, or a selection it completed: redraw the marks and the rows in view. */
  rowsArrived(): void {
    this.markSelected();
    this.scheduleRender();
  }

  private render(): void {
    this.lastRenderAt = performance.now();
    this.canvas.style.height = `${this.model.totalHeight()}px`;
    if (this.model.follow) this.scrollToBottom();
    const { start, end } = this.model.renderWindow(this.viewport.scrollTop, this.viewport.clientHeight);
    const wanted = new Set<number>();
    let previous: HTMLElement | undefined;
    for (let i = start; i < end; i++) {
      const row = this.model.rowAt(i);
      if (!row) continue; // asked for below; drawn when it arrives
      wanted.add(row.id);
      let el = this.rendered.get(row.id);
      if (!el) {
        el = this.buildRow(row);
        this.rendered.set(row.id, el);
        // In list order (rows asked for arrive after newer ones), which is also the order screen readers follow.
        if (previous) previous.after(el);
        else this.canvas.prepend(el);
      }
      previous = el;
      el.style.transform = `translateY(${this.model.top(i)}px)`;
      el.style.height = `${this.model.height(i)}px`;
      el.setAttribute('aria-rowindex', String(i + 1));
    }
    for (const [id, el] of this.rendered) {
      if (!wanted.has(id)) {
        el.remove();
        this.rendered.delete(id);
      }
    }
    this.viewport.setAttribute('aria-rowcount', String(this.model.count));
    const missing = this.model.missing(start, end);
    if (missing) this.host.requestRows(missing);
    this.model.prune(start, end);
    this.host.rendered();
  }

  private buildRow(row: R): HTMLElement {
    const expanded = this.model.expanded.has(row.id);
    const selected = this.model.isSelected(row.id);
    const el = h(
      'div',
      {
        className: `row${expanded ? ' expanded' : ''}${selected ? ' selected' : ''}`,
        attrs: { role: 'row', 'aria-expanded': String(expanded), 'aria-selected': String(selected), 'data-vscode-context': this.format.context(row, [row.id]) },
        dataset: { id: String(row.id) },
      },
      this.format.cells(row),
    );
    if (expanded) el.append(renderDetail(this.host.detail(row.id), this.host.showUnchanged()));
    return el;
  }

  private onScroll(): void {
    if (this.programmaticScroll) this.programmaticScroll = false;
    else this.model.userScrolled(this.viewport.scrollTop, this.viewport.clientHeight, this.viewport.scrollHeight);
    this.host.stateChanged(this.viewport.scrollTop);
    this.scheduleRender();
  }

  /** Redraws the selection marks of the rows in the DOM (one row, or many with a multi-selection). */
  private markSelected(): void {
    for (const [id, el] of this.rendered) {
      const on = this.model.isSelected(id);
      el.classList.toggle('selected', on);
      el.setAttribute('aria-selected', String(on));
    }
    this.host.stateChanged(this.viewport.scrollTop);
  }

  private toggleExpanded(id: number): void {
    this.host.expandedChanged(id, this.model.toggleExpanded(id));
    this.host.stateChanged(this.viewport.scrollTop);
    this.invalidateRow(id);
  }

  private onClick(ev: MouseEvent): void {
    const target = ev.target as Element | null;
    const rowEl = target?.closest('.row') as HTMLElement | null;
    if (!rowEl || target?.closest('.detail')) return;
    const id = Number(rowEl.dataset.id);
    if (!Number.isSafeInteger(id)) return;
    this.viewport.focus({ preventScroll: true });
    if (ev.ctrlKey || ev.metaKey) this.model.toggleMarked(id);
    else if (ev.shiftKey) this.fetchIds(this.model.markRangeTo(id));
    else {
      this.model.selectOnly(id);
      this.toggleExpanded(id);
    }
    this.markSelected();
  }

  /**
   * A right-click on a row, before VS Code reads the row's context for its menu (VS Code listens on the window, after
   * this): as in VS Code's lists, a row outside the selection becomes the selection; the menu's commands act on it.
   */
  private onContextMenu(ev: MouseEvent): void {
    const rowEl = (ev.target as Element | null)?.closest<HTMLElement>('.row');
    const id = Number(rowEl?.dataset.id);
    if (!rowEl || !Number.isSafeInteger(id)) return;
    if (!this.model.isSelected(id)) {
      this.model.selectOnly(id);
      this.markSelected();
    }
    const row = this.model.rowAt(this.model.indexOf(id));
    if (row) rowEl.setAttribute('data-vscode-context', this.format.context(row, this.model.selectedIds()));
  }

  private fetchIds(range: PositionRange | undefined): void {
    if (range) this.host.requestIds(range);
  }

  private extendSelection(key: string): number | undefined {
    const moved = this.model.extendSelection(key);
    this.fetchIds(moved?.fetchIds);
    return moved?.index;
  }

  private onKey(ev: KeyboardEvent): void {
    if (this.model.count === 0) return;
    const mod = ev.ctrlKey || ev.metaKey;
    if (ev.key === ' ' && mod) {
      if (this.model.selected !== undefined) this.model.toggleMarked(this.model.selected);
      this.markSelected();
      ev.preventDefault();
      return;
    }
    if (ev.key === 'a' && mod) {
      this.fetchIds(this.model.markAll());
      this.markSelected();
      ev.preventDefault();
      return;
    }
    if (ev.key === 'Enter' || ev.key === ' ') {
      if (this.model.selected !== undefined) this.toggleExpanded(this.model.selected);
      ev.preventDefault();
      return;
    }
    if (ev.key === 'c') {
      if ((ev.ctrlKey || ev.metaKey) && !String(window.getSelection() ?? '')) {
        this.host.copySelected();
        ev.preventDefault();
      }
      return;
    }
    const index = ev.shiftKey ? this.extendSelection(ev.key) : this.model.moveSelection(ev.key);
    if (index === undefined) return;
    if (!ev.shiftKey) this.model.selectOnly(this.model.selected);
    ev.preventDefault();
    this.markSelected();
    const y = this.model.scrollTopToReveal(index, this.viewport.scrollTop, this.viewport.clientHeight);
    if (y !== undefined) this.setScrollTop(y);
    this.scheduleRender();
  }
}
