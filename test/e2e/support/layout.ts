/**
 * Layout faults a person sees at once but a DOM assertion does not: an element whose content
 * sticks out of it (or is cut off) without a scroll bar or an ellipsis meant for it, and a case,
 * order or tracking number broken over two lines. Measured in the page on what is rendered.
 */
import type { Page } from 'playwright-core';

export interface LayoutProblem {
  kind: 'overflow' | 'wrapped-number' | 'below-fold';
  /** A readable path to the element (test ids and classes) and what was measured. */
  where: string;
  detail: string;
}

/** Identifiers that must stay on one line: case/order numbers, tracking numbers, barcodes. */
const NUMBER_PATTERN = String.raw`\b(?:[A-Z]{2,4}\d{8,}[A-Z]{0,2}|\d{11,14})\b`;

export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate((numberPattern) => {
    const problems: { kind: 'overflow' | 'wrapped-number'; where: string; detail: string }[] = [];
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = el; node && parts.length < 4; node = node.parentElement) {
        const id = node.getAttribute('data-testid');
        const cls = [...node.classList].filter((c) => !c.startsWith('__')).slice(0, 2).join('.');
        parts.push(id ? `[${id}]` : `${node.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
      }
      return parts.reverse().join(' > ');
    };
    const visible = (el: Element): boolean => {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none';
    };
    // 1. Content wider than its box, where the box neither scrolls nor ends in an ellipsis.
    for (const el of document.querySelectorAll('body *')) {
      if (!(el instanceof HTMLElement) || !visible(el)) continue;
      if (el.closest('svg, canvas, [data-layout-ignore]')) continue;
      // Naive UI draws the sider's collapse button across the sider's edge on purpose.
      if (el.classList.contains('n-layout-sider')) continue;
      // Tabs that do not fit scroll sideways: the last tab is then cut off where nobody looks for more.
      if (el.classList.contains('n-tabs-nav-scroll-wrapper') && el.scrollWidth - el.clientWidth > 2) {
        problems.push({ kind: 'overflow', where: describe(el), detail: `tabs ${el.scrollWidth}px wide in a bar of ${el.clientWidth}px: the last tab is cut off` });
        continue;
      }
      const style = getComputedStyle(el);
      if (['auto', 'scroll'].includes(style.overflowX) || style.textOverflow === 'ellipsis') continue;
      // Off-screen helpers (visually hidden inputs, measuring elements).
      if (style.position === 'absolute' && (el.getBoundingClientRect().right < 0 || el.clientWidth <= 1)) continue;
      const excess = el.scrollWidth - el.clientWidth;
      if (el.clientWidth > 0 && excess > 2) {
        // Report the innermost box only: an ancestor overflowing because of this one adds nothing.
        const child = [...el.children].some((c) => c instanceof HTMLElement && c.scrollWidth - c.clientWidth > 2 && visible(c));
        if (!child) problems.push({ kind: 'overflow', where: describe(el), detail: `content ${el.scrollWidth}px in a box of ${el.clientWidth}px` });
      }
    }
    // 2. An identifier broken over two lines.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const pattern = new RegExp(numberPattern, 'g');
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !visible(parent) || parent.closest('[data-layout-ignore]')) continue;
      for (const match of text.matchAll(pattern)) {
        const range = document.createRange();
        range.setStart(node, match.index ?? 0);
        range.setEnd(node, (match.index ?? 0) + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push({ kind: 'wrapped-number', where: describe(parent), detail: `"${match[0]}" spans ${tops.size} lines` });
      }
    }
    return problems;
  }, NUMBER_PATTERN);
}
