/**
 * @module tests/web/keyboard — driving the Authenticator with the keyboard alone, and reading what a
 * screen reader gets (focus, accessible names, live regions) from Chromium's accessibility tree.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Where the focus is: the element's test id, role, tag and accessible-name hints, and its action. */
export interface Focus {
  testid: string | null;
  action: string | null;
  role: string | null;
  tag: string;
  text: string;
  label: string | null;
  inDialog: boolean;
}

/** Describes the focused element. */
export function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const action = el?.closest('[data-testid^="authenticator-action-"]')?.getAttribute('data-testid');
    return {
      testid: el?.getAttribute('data-testid') ?? null,
      action: action ? action.slice('authenticator-action-'.length) : null,
      role: el?.getAttribute('role') ?? null,
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').trim(),
      label: el?.getAttribute('aria-label') ?? null,
      inDialog: Boolean(el?.closest('[role="dialog"]')),
    };
  });
}

/** Presses Tab (or Shift+Tab) until `want` holds for the focused element; fails after 30 presses. */
export async function tabTo(
  page: Page,
  want: (focus: Focus) => boolean,
  what: string,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    if (want(await focused(page))) return;
    await page.keyboard.press(key);
  }
  assert.fail(`${what} is not reachable with ${key} (focus is on ${JSON.stringify(await focused(page))})`);
}

/** Whether the focus is on field `name` of action `action`. */
export const onField = (action: string, name: string) => (focus: Focus) =>
  focus.action === action && focus.testid === `authenticator-${name}`;

/** Whether the focus is on the submit button of `action`. */
export const onSubmit = (action: string) => (focus: Focus) =>
  focus.action === action && focus.testid === 'authenticator-submit';

/** Types `text` into the focused field, replacing what it holds. */
export async function typeInto(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** What Chromium's accessibility tree says about one element. */
export interface AxInfo {
  role: string;
  name: string;
  description: string;
  /** AX properties such as `live`, `invalid`, `pressed`, `selected`, `focusable`. */
  properties: Record<string, unknown>;
}

interface AxValue {
  value?: unknown;
}

interface AxNode {
  role?: AxValue;
  name?: AxValue;
  description?: AxValue;
  properties?: { name: string; value: AxValue }[];
}

/** The accessibility-tree node of the element `selector` matches (the first). */
export async function axNodeOf(page: Page, selector: string): Promise<AxInfo> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const found = (await cdp.send('Runtime.evaluate', {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
    })) as { result: { objectId?: string } };
    assert.ok(found.result.objectId, `no element matches ${selector}`);
    const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', {
      objectId: found.result.objectId,
      fetchRelatives: false,
    })) as { nodes: AxNode[] };
    const node = nodes[0]!;
    const properties: Record<string, unknown> = {};
    for (const property of node.properties ?? []) properties[property.name] = property.value.value;
    return {
      role: String(node.role?.value ?? ''),
      name: String(node.name?.value ?? ''),
      description: String(node.description?.value ?? ''),
      properties,
    };
  } finally {
    await cdp.detach();
  }
}
