/// <reference lib="dom" />
/**
 * Installed before the app's own scripts on every page load (a Playwright init script, so no
 * imports): records in `globalThis.csFirstRows` when the customer-service queue first shows rows,
 * in ms since the navigation started — the task after the first frame drawn with them.
 */
const page = globalThis as unknown as { csFirstRows?: number };
const watcher = new MutationObserver(() => {
  if (document.querySelector('[data-testid="queue-row"]') === null) return;
  watcher.disconnect();
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      page.csFirstRows = performance.now();
    };
    channel.port2.postMessage(0);
  });
});
watcher.observe(document, { childList: true, subtree: true });
