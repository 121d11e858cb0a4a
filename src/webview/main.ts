// Tail panel UI (browser), the controller (an items panel runs ItemsApp from the same bundle): holds the panel's state, dispatches the host's messages (typed by
// src/core/panel/protocol.ts) and wires messaging/state, toolbar, listView (over virtualList's logic) and statusView (texts
// from status.ts). Imports only webview and pure core modules (architecture.test.ts). Record data is text only.
import '../../media/tail.css';
import { EVENT_KINDS, type EventKind } from '../core/records/display';
import { defaultFilter, isFilterActive, toFilterSpec, type RecordFilterSpec } from '../core/panel/filter';
import {
  validRecordRows,
  isJsonView,
  MAX_IDS_PER_MESSAGE,
  startKindOf,
  toStartPosition,
  type HostToWebview,
  type JsonView,
  type PanelInit,
  type PanelNotice,
  type PanelStatus,
  type RecordRow,
  type WebviewToHost,
} from '../core/panel/protocol';
import { onRecordAction, type RecordAction } from './detail';
import { answeredDetail, detailHeight, type DetailState } from './detailLines';
import { h, setText } from './dom';
import { LambdaBar } from './lambdaBar';
import { ItemsApp } from './itemsApp';
import { ListView, RECORD_FORMAT } from './listView';
import { connectToHost, type HostChannel } from './messaging';
import { createStateSaver, MAX_SAVED_IDS, readUiState, withDismissed, type UiState } from './state';
import { addNotice, emptyListText, headingOf, MAX_NOTICES, statusLineOf, visibleNotices } from './status';
import { StatusView } from './statusView';
import { Toolbar } from './toolbar';
import { ListModel } from './virtualList';

const FILTER_DEBOUNCE_MS = 150;
const LOADING: DetailState = { kind: 'loading' };

class TailApp {
  private readonly channel: HostChannel;
  private readonly ui: UiState;
  private readonly saveState: () => void;

  private init?: PanelInit;
  private status?: PanelStatus;
  private notices: PanelNotice[] = [];
  private readonly details = new Map<number, DetailState>();
  private filter: RecordFilterSpec = defaultFilter();
  private restored = false;
  private filterTimer?: ReturnType<typeof setTimeout>;

  private readonly model: ListModel<RecordRow>;
  private readonly list: ListView;
  private readonly toolbar: Toolbar;
  private readonly lambdaBar: LambdaBar;
  private jsonView: JsonView = 'dynamodb';
  private readonly statusView: StatusView;
  private readonly title = h('span', { className: 'title' }, 'Tail');
  private readonly meta = h('span', { className: 'meta' });

  constructor(root: HTMLElement) {
    this.channel = connectToHost((msg) => this.onMessage(msg));
    this.ui = readUiState(this.channel.store.getState());
    this.saveState = createStateSaver(this.channel.store, () => ({
      ...this.ui,
      expanded: [...this.model.expanded].slice(-MAX_SAVED_IDS),
      selected: this.model.selected,
      marked: [...this.model.marked].slice(-MAX_SAVED_IDS),
      follow: this.model.follow,
    }));
    this.model = new ListModel<RecordRow>((id) => detailHeight(this.details.get(id) ?? LOADING, this.ui.showUnchanged), this.ui);
    this.list = new ListView(this.model, {
      detail: (id) => this.details.get(id) ?? LOADING,
      showUnchanged: () => this.ui.showUnchanged,
      expandedChanged: (id, expanded) => (expanded ? this.requestDetail(id) : this.details.delete(id)),
      copySelected: () => this.copySelected(),
      stateChanged: (scrollTop) => {
        this.ui.scrollTop = scrollTop;
        this.updateToolbar();
        this.saveState();
      },
      rendered: () => {
        this.renderEmpty();
        this.updateToolbar();
      },
      requestRows: ({ start, end }) => this.send({ type: 'requestRows', view: this.model.view, start, end }),
      requestIds: ({ start, end }) => this.send({ type: 'requestIds', view: this.model.view, start, end }),
    }, RECORD_FORMAT);
    this.toolbar = new Toolbar(
      {
        pauseOrResume: () => this.send({ type: this.status?.paused ? 'resume' : 'pause' }),
        clear: () => this.send({ type: 'clear' }),
        toggleKind: (kind) => this.toggleKind(kind),
        filterText: (text) => this.onFilterText(text),
        toggleUnchanged: () => {
          this.ui.showUnchanged = !this.ui.showUnchanged;
          this.list.rebuild();
          this.updateToolbar();
          this.saveState();
        },
        toggleFollow: () => {
          this.model.follow = !this.model.follow;
          if (this.model.follow) this.list.scrollToBottom();
          this.updateToolbar();
          this.saveState();
        },
        toggleLambdaStrip: () => this.showLambdaStrip(!this.lambdaStripShown()),
        copySelected: () => this.copySelected(),
        exportShown: () => this.send({ type: 'export' }),
        copyLambdaEvent: () => this.send({ type: 'copyLambdaEvent', ids: this.model.selectedIds() }),
        exportLambdaEvent: () => this.send({ type: 'exportLambdaEvent' }),
        invokeHandler: () => this.send({ type: 'invokeHandler', ids: this.model.selectedIds() }),
        undoChanges: () => this.send({ type: 'undoChanges' }),
        setJsonView: (view) => this.send({ type: 'setJsonView', view }),
        restartPositionChosen: (position) => {
          this.ui.restartPosition = position;
          this.saveState();
        },
        restart: (startPosition) => this.send({ type: 'restart', startPosition }),
      },
      this.ui.restartPosition ?? 'LATEST',
    );
    this.lambdaBar = new LambdaBar({
      apply: (text) => this.send({ type: 'setLambdaFilter', text }),
      setOnly: (only) => this.send({ type: 'setLambdaOnly', only }),
    });
    this.lambdaBar.setShown(this.lambdaStripShown());
    onRecordAction(this.list.element, (id, action) => this.runRecordAction(id, action));
    this.statusView = new StatusView((id) => {
      this.ui.dismissed = withDismissed(this.ui.dismissed, id);
      this.saveState();
      this.renderNotices();
    });

    root.append(
      h('div', { className: 'heading' }, this.title, this.meta),
      this.toolbar.element,
      this.lambdaBar.element,
      this.statusView.statusLine,
      this.statusView.noticeBox,
      this.list.element,
      this.statusView.flash,
    );
    root.removeAttribute('aria-busy');
    this.updateToolbar();
    this.renderStatus();
    this.send({ type: 'ready' });
  }

  private send(message: WebviewToHost): void {
    this.channel.send(message);
  }

  private onMessage(msg: HostToWebview): void {
    switch (msg.type) {
      case 'init':
        this.onInit(msg.init);
        break;
      case 'view':
        this.onView(msg);
        break;
      case 'records': {
        const { dropped, removedHeight } = this.model.update(msg.base, msg.end, validRecordRows(msg.rows), msg.dropBefore);
        this.forgetDetails();
        this.list.rowsUpdated(dropped, removedHeight);
        break;
      }
      case 'rows':
        this.model.addRows(msg.view, msg.start, validRecordRows(msg.rows));
        this.list.rowsArrived();
        break;
      case 'ids':
        if (this.model.markIds(msg.view, msg.start, msg.ids)) this.list.rowsArrived();
        break;
      case 'located':
        this.model.located(msg.view, msg.ids, msg.positions);
        this.forgetDetails();
        this.list.rebuild();
        this.updateToolbar();
        break;
      case 'status':
        this.status = msg.status;
        this.renderStatus();
        this.updateToolbar();
        break;
      case 'notice':
        this.notices = addNotice(this.notices, msg.notice);
        this.renderNotices();
        break;
      case 'detail':
        if (!this.model.expanded.has(msg.id)) break;
        this.details.set(msg.id, answeredDetail(msg.detail, msg.missing, msg.lambda, msg.json));
        this.list.invalidateRow(msg.id);
        break;
      case 'flash':
        this.statusView.showFlash(String(msg.message));
        break;
      case 'persist':
        // Kept as it came: the host reads it back after a reload and checks it then.
        this.ui.restore = msg.state;
        this.saveState();
        break;
      case 'lambdaFilter':
        this.lambdaBar.showFilter(msg.lambda);
        // Set from outside (Apply filter to tail): show it where it can be read and changed.
        if (this.lambdaBar.isActive && !this.lambdaStripShown()) this.showLambdaStrip(true);
        this.lambdaBar.setShown(this.lambdaStripShown());
        this.updateToolbar();
        break;
      case 'jsonView':
        this.setJsonView(msg.view);
        break;
    }
  }

  private onInit(init: PanelInit): void {
    this.init = init;
    const heading = headingOf(init);
    setText(this.title, heading.title);
    setText(this.meta, heading.meta);
    this.meta.title = heading.metaTitle;
    if (!this.ui.restartPosition) this.toolbar.showRestartPosition(startKindOf(toStartPosition(init.startPosition) ?? 'LATEST'));
    if (init.lambda && typeof init.lambda === 'object') this.lambdaBar.showFilter(init.lambda);
    this.lambdaBar.setShown(this.lambdaStripShown());
    if (isJsonView(init.jsonView)) this.setJsonView(init.jsonView);
    const f = toFilterSpec(init.filter);
    if (f) {
      this.filter = f;
      this.toolbar.showFilterText(f.text);
    }
    this.updateToolbar();
  }

  /** A new view (after ready, a filter change, clear, restart): its size and newest rows; others are asked for. */
  private onView(msg: Extract<HostToWebview, { type: 'view' }>): void {
    const locate = this.model.resetView(msg.view, msg.base, msg.end, validRecordRows(msg.rows));
    if (locate.length > 0) this.send({ type: 'locate', view: msg.view, ids: locate.slice(0, MAX_IDS_PER_MESSAGE) });
    this.status = msg.status;
    this.notices = Array.isArray(msg.notices) ? msg.notices.slice(-MAX_NOTICES) : [];
    this.forgetDetails();
    for (const id of this.model.expanded) if (!this.details.has(id)) this.requestDetail(id);
    this.afterRowsReplaced();
    this.renderNotices();
    if (!this.restored) {
      this.restored = true;
      if (!this.model.follow) this.list.setScrollTop(this.ui.scrollTop);
    }
  }

  /** Details of rows no longer expanded (collapsed, evicted, filtered out). */
  private forgetDetails(): void {
    for (const id of [...this.details.keys()]) if (!this.model.expanded.has(id)) this.details.delete(id);
  }

  private afterRowsReplaced(): void {
    this.list.rebuild();
    this.updateToolbar();
    this.renderStatus();
    this.saveState();
  }

  /** The JSON view changed: expanded rows show their item again in it. */
  private setJsonView(view: JsonView): void {
    if (!isJsonView(view) || view === this.jsonView) return;
    this.jsonView = view;
    for (const id of this.model.expanded) this.requestDetail(id);
    this.list.rebuild();
    this.updateToolbar();
  }

  private requestDetail(id: number): void {
    this.details.set(id, LOADING);
    this.send({ type: 'requestDetail', id });
  }

  private toggleKind(kind: EventKind): void {
    const kinds = new Set(this.filter.kinds);
    if (kinds.has(kind)) kinds.delete(kind);
    else kinds.add(kind);
    this.filter = { text: this.filter.text, kinds: EVENT_KINDS.filter((k) => kinds.has(k)) };
    this.updateToolbar();
    this.sendFilter();
  }

  /** The filter applies at once to what the toolbar shows; the host hears of it once typing pauses. */
  private onFilterText(text: string): void {
    this.filter = { text, kinds: this.filter.kinds };
    if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => {
      this.filterTimer = undefined;
      this.sendFilter();
    }, FILTER_DEBOUNCE_MS);
  }

  private sendFilter(): void {
    this.send({ type: 'setFilter', filter: { text: this.filter.text, kinds: [...this.filter.kinds] } });
  }

  private copySelected(): void {
    if (this.model.selected !== undefined) this.send({ type: 'copyRecord', id: this.model.selected });
  }

  private updateToolbar(): void {
    this.toolbar.update({
      paused: this.status?.paused === true,
      kinds: this.filter.kinds,
      showUnchanged: this.ui.showUnchanged,
      follow: this.model.follow,
      canCopy: this.model.selected !== undefined,
      canExport: !!this.status && this.status.held !== 0,
      selectedCount: this.model.selectedIds().length,
      rowsShown: this.model.count,
      jsonView: this.jsonView,
      lambdaStripShown: this.lambdaStripShown(),
      lambdaFilterActive: this.lambdaBar.isActive,
    });
  }

  /** As the user last chose; before any choice, while a Lambda filter is in force (e.g. applied from a trigger). */
  private lambdaStripShown(): boolean {
    return this.ui.lambdaStrip ?? this.lambdaBar.isActive;
  }

  private showLambdaStrip(shown: boolean): void {
    this.ui.lambdaStrip = shown;
    this.lambdaBar.setShown(shown);
    this.updateToolbar();
    this.saveState();
  }

  /** A button of a record's detail header: the same as its right-click menu, for that one record. */
  private runRecordAction(id: number, action: RecordAction): void {
    if (action === 'copyRecord') this.send({ type: 'copyRecord', id });
    else if (action === 'copyLambdaEvent') this.send({ type: 'copyLambdaEvent', ids: [id] });
    else if (action === 'invokeHandler') this.send({ type: 'invokeHandler', ids: [id] });
  }

  private renderStatus(): void {
    this.statusView.showStatus(statusLineOf(this.status, this.init, isFilterActive(this.filter), this.model.count));
    if (this.status) this.renderEmpty();
  }

  private renderNotices(): void {
    this.statusView.showNotices(visibleNotices(this.notices, this.ui.dismissed));
  }

  private renderEmpty(): void {
    this.list.showEmpty(this.model.count > 0 ? undefined : emptyListText(this.status, this.init, isFilterActive(this.filter)));
  }
}

// One bundle, two panels: the page says which (src/panels/html.ts).
const root = document.getElementById('app');
if (root) {
  if (root.dataset.mode === 'items') new ItemsApp(root);
  else new TailApp(root);
}
