type Attributes = Record<string, string | boolean | undefined>;

/** Creates `<tag>` with attributes (`true` → present, `false`/`undefined` → absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

let ids = 0;

/** A document-unique id for label/input pairs. */
export function uniqueId(prefix: string): string {
  ids += 1;
  return `blocks-auth-${prefix}-${ids}`;
}
