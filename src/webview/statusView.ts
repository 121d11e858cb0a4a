// Draws the status line, the notices and the short "flash" feedback from the texts of status.ts (as Text nodes).
import { h, setText } from './dom';
import type { NoticeView, StatusLine } from './status';

const FLASH_MS = 4000;

export class StatusView {
  readonly statusLine = h('div', { className: 'status', attrs: { role: 'status' } });
  readonly noticeBox = h('div', { className: 'notices', attrs: { 'aria-live': 'polite' } });
  readonly flash = h('div', { className: 'flash', attrs: { 'aria-live': 'polite' } });
  private flashTimer?: ReturnType<typeof setTimeout>;

  /** `onDismiss(id)`: the user closed a notice. */
  constructor(private readonly onDismiss: (id: number) => void) {}

  showStatus(line: StatusLine): void {
    this.statusLine.replaceChildren();
    line.parts.forEach((p, i) => {
      if (i > 0) this.statusLine.append(h('span', { className: 'sep', attrs: { 'aria-hidden': 'true' } }, ' · '));
      const el = h('span', p.className ? { className: p.className } : null, p.text);
      if (p.title) el.title = p.title;
      this.statusLine.append(el);
    });
    if (line.filtered) this.statusLine.append(h('span', null, line.filtered));
  }

  showNotices(notices: readonly NoticeView[]): void {
    this.noticeBox.replaceChildren();
    for (const n of notices) {
      this.noticeBox.append(
        h(
          'div',
          { className: `notice ${n.level}`, attrs: { role: n.role } },
          h('span', { className: 'notice-time' }, n.time),
          h('span', { className: 'notice-text', title: n.message }, n.message),
          h('button', { className: 'dismiss', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => this.onDismiss(n.id) } }, '×'),
        ),
      );
    }
  }

  showFlash(message: string): void {
    setText(this.flash, message);
    this.flash.classList.add('visible');
    if (this.flashTimer !== undefined) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.flash.classList.remove('visible'), FLASH_MS);
  }
}
