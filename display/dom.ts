type Child = Node | string | null | undefined | false;

/** Build an element. Text always goes in as text nodes: nothing from the model is parsed as markup. */
export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

const ALLOWED_TAGS = new Set(['P', 'BR', 'STRONG', 'B', 'EM', 'I', 'U', 'UL', 'OL', 'LI', 'H2', 'H3', 'SPAN', 'SMALL', 'BIG', 'BLOCKQUOTE']);

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
        const tag = (node as Element).tagName;
        if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE' || tag === 'IFRAME' || tag === 'OBJECT') continue;
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
