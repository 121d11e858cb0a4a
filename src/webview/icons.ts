// The toolbar's icons: small 16×16 line drawings built as SVG elements through the DOM (no markup parsed, no font to
// load, nothing the strict CSP has to allow). They take the text colour (currentColor) of the theme.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Each icon as SVG path data on a 16×16 grid, drawn with a 1.3 px stroke unless `filled`. */
const ICONS = {
  pause: { d: 'M5 3.5v9M11 3.5v9', filled: false },
  play: { d: 'M5 3l8 5-8 5z', filled: true },
  clear: { d: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5M7 7v4M9 7v4', filled: false },
  restart: { d: 'M12.8 8.6A4.9 4.9 0 1 1 11.4 4.4M11.6 1.8v2.8H8.8', filled: false },
  follow: { d: 'M4.5 3l3.5 3.5L11.5 3M4.5 7.5L8 11l3.5-3.5M3.5 13.5h9', filled: false },
  unchanged: { d: 'M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8zM8 6.2a1.8 1.8 0 1 0 0 3.6 1.8 1.8 0 1 0 0-3.6z', filled: false },
  lambda: { d: 'M4 2.5h2.2L12 13.5M8.2 7.7L4.5 13.5', filled: false },
  more: { d: 'M3.5 8h.01M8 8h.01M12.5 8h.01', filled: false },
  copy: { d: 'M5.5 5.5h7v8h-7zM3.5 10.5v-8h7', filled: false },
  event: { d: 'M5 2.5c-1.5 0-1.5 1-1.5 2.2 0 1.5-.5 2.1-1.5 2.3 1 .2 1.5.8 1.5 2.3 0 1.2 0 2.2 1.5 2.2M11 2.5c1.5 0 1.5 1 1.5 2.2 0 1.5.5 2.1 1.5 2.3-1 .2-1.5.8-1.5 2.3 0 1.2 0 2.2-1.5 2.2M6.5 5.5h3M6.5 8h3M6.5 10.5h2', filled: false },
  run: { d: 'M4.5 2.5l9 5.5-9 5.5z', filled: false },
  edit: { d: 'M10.5 2.5l3 3-7.5 7.5H3v-3zM9 4l3 3', filled: false },
  refresh: { d: 'M12.8 8.6A4.9 4.9 0 1 1 11.4 4.4M11.6 1.8v2.8H8.8', filled: false },
} as const;

export type IconName = keyof typeof ICONS;

/** The icon as an SVG element, hidden from screen readers (its button carries the label). */
export function icon(name: IconName): SVGSVGElement {
  const spec = ICONS[name];
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon', `icon-${name}`);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', spec.d);
  path.setAttribute('fill', spec.filled ? 'currentColor' : 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', name === 'more' ? '2.4' : '1.3');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

/** Swaps the icon a button shows (e.g. pause ↔ play). */
export function setIcon(button: HTMLElement, name: IconName): void {
  const old = button.querySelector('svg.icon');
  if (old?.classList.contains(`icon-${name}`)) return;
  const next = icon(name);
  if (old) old.replaceWith(next);
  else button.prepend(next);
}
