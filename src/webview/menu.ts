// The toolbar's overflow menu ("…"): a button that opens a list of actions under it, drawn anew on each opening so
// labels, enabled states and checks are current. Keyboard as in VS Code menus: arrows, Home/End, Enter/Space, Escape.
import { h, setText } from './dom';
import { icon } from './icons';

export interface MenuItem {
  kind: 'item';
  label: string | (() => string);
  title?: string;
  run(): void;
  enabled?(): boolean;
  /** A toggle (menuitemcheckbox) or one of a choice (menuitemradio): whether it is on. */
  checked?(): boolean;
  role?: 'menuitemcheckbox' | 'menuitemradio';
}

export type MenuEntry = MenuItem | { kind: 'separator' } | { kind: 'heading'; label: string };

export class PopupMenu {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly list: HTMLElement;
  private readonly onOutside = (ev: MouseEvent) => {
    if (!this.element.contains(ev.target as Node | null)) this.close();
  };

  constructor(label: string, private readonly entries: readonly MenuEntry[]) {
    this.button = h('button', {
      className: 'icon-btn',
      title: label,
      attrs: { type: 'button', 'aria-label': label, 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
      on: { click: () => (this.isOpen ? this.close() : this.open()) },
    });
    this.button.append(icon('more'));
    this.button.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown' && !this.isOpen) {
        ev.preventDefault();
        this.open();
      }
    });
    this.list = h('div', { className: 'menu', attrs: { role: 'menu', 'aria-label': label } });
    this.list.hidden = true;
    this.list.addEventListener('keydown', (ev) => this.onKey(ev));
    this.list.addEventListener('focusout', (ev) => {
      const next = ev.relatedTarget as Node | null;
      if (next && !this.element.contains(next)) this.close(false);
    });
    this.element = h('span', { className: 'menu-anchor' }, this.button, this.list);
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  open(): void {
    this.list.replaceChildren(...this.entries.map((e) => this.draw(e)));
    this.list.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', this.onOutside, true);
    this.items()[0]?.focus();
  }

  close(focusButton = true): void {
    if (!this.isOpen) return;
    this.list.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', this.onOutside, true);
    if (focusButton) this.button.focus();
  }

  private draw(entry: MenuEntry): HTMLElement {
    if (entry.kind === 'separator') return h('div', { className: 'menu-separator', attrs: { role: 'separator' } });
    if (entry.kind === 'heading') return h('div', { className: 'menu-heading', attrs: { role: 'presentation' } }, entry.label);
    const checked = entry.checked?.();
    const role = entry.role ?? 'menuitem';
    const item = h('button', {
      className: 'menu-item',
      title: entry.title,
      attrs: { type: 'button', role, tabindex: -1, 'aria-checked': role === 'menuitem' ? undefined : String(checked === true) },
      on: {
        click: () => {
          this.close();
          entry.run();
        },
      },
    });
    const label = h('span', { className: 'menu-label' });
    setText(label, typeof entry.label === 'function' ? entry.label() : entry.label);
    item.append(h('span', { className: 'menu-check', attrs: { 'aria-hidden': 'true' } }, checked ? '✓' : ''), label);
    item.disabled = entry.enabled ? !entry.enabled() : false;
    return item;
  }

  private items(): HTMLButtonElement[] {
    return Array.from(this.list.querySelectorAll<HTMLButtonElement>('.menu-item')).filter((b) => !b.disabled);
  }

  private onKey(ev: KeyboardEvent): void {
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (ev.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at < 0 ? -1 : at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(-1);
        break;
      case 'Escape':
        this.close();
        break;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  }
}
