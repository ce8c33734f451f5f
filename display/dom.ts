type Child = Node | string | null | undefined | false;

/** Build an element. Text always goes in as text nodes: nothing from the model is parsed as markup. */
export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Change text only when it differs, so an unchanged model causes no layout or paint. */
export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

const ALLOWED_TAGS = new Set(['P', 'DIV', 'BR', 'HR', 'STRONG', 'B', 'EM', 'I', 'U', 'UL', 'OL', 'LI', 'H2', 'H3', 'H4', 'SPAN', 'SMALL', 'BIG', 'BLOCKQUOTE']);
/** Elements whose text is code or chrome, not content: dropped with everything inside them. */
const DROPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'NOSCRIPT', 'SVG', 'MATH', 'TITLE', 'HEAD', 'LINK', 'META']);

/**
 * Rebuild untrusted HTML through an allow-list: the input is parsed in an inert document (its
 * scripts never run, its images never load), then only allowed elements and their text are
 * copied, with no attributes at all. Anything else is dropped, keeping its text.
 */
export function sanitizedFragment(html: string): DocumentFragment {
  const inert = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.createDocumentFragment();
  const copy = (from: Node, to: Node) => {
    for (const node of Array.from(from.childNodes)) {
      if (node.nodeType === Node.TEXT_NODE) to.appendChild(document.createTextNode(node.textContent ?? ''));
      else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = (node as Element).tagName.toUpperCase();
        if (DROPPED_TAGS.has(tag)) continue;
        if (ALLOWED_TAGS.has(tag)) {
          const clean = document.createElement(tag.toLowerCase());
          copy(node, clean);
          to.appendChild(clean);
        } else copy(node, to);
      }
    }
  };
  copy(inert.body, out);
  return out;
}
