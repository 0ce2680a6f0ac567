/**
 * Component tests render into happy-dom, a DOM in Node, with React Testing Library: no browser.
 * Import this module before anything that touches the DOM. Relative requests (`/api/v1/…`, as
 * lib/api/client.ts sends them) go to the page's origin: `useApiOrigin` points it at a real API.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';

/** Node's own fetch, for a test's calls of its own to the API (happy-dom replaces the global one). */
export const nodeFetch = globalThis.fetch;

GlobalRegistrator.register({ url: 'http://localhost:3000/', settings: { disableCSSFileLoading: true } });
// React's act() expects to be told it runs in a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Makes `origin` the page's origin, so the app's relative API requests reach it. */
export function useApiOrigin(origin: string): void {
  (globalThis as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${origin}/`);
}
