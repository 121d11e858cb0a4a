// DOM helpers for the webview. Record data is attacker-controlled: every string becomes a Text node or an
// attribute value set through the DOM API; no markup is ever parsed from data.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  title?: string;
  /** Set with setAttribute: values are never parsed as markup. */
  attrs?: Record<string, string | number | boolean | undefined>;
  dataset?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.className) el.className = props.className;
    if (props.title !== undefined) el.title = clipTitle(props.title);
    if (props.attrs) {
      for (const [name, value] of Object.entries(props.attrs)) {
        if (value === undefined || value === false) continue;
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
    if (props.dataset) for (const [k, v] of Object.entries(props.dataset)) el.dataset[k] = v;
    if (props.on) {
      for (const [type, handler] of Object.entries(props.on)) el.addEventListener(type, handler as EventListener);
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's content with text (as a Text node). */
export function setText(el: Element, text: unknown): void {
  el.textContent = text === undefined || text === null ? '' : String(text);
}

const MAX_TITLE = 2000;

export function clipTitle(text: string): string {
  return text.length > MAX_TITLE ? text.slice(0, MAX_TITLE) + '…' : text;
}
