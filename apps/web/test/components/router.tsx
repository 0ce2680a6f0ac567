import { render } from '@testing-library/react';
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { PathnameContext, SearchParamsContext } from 'next/dist/shared/lib/hooks-client-context.shared-runtime';
import type { ReactElement } from 'react';

/** Where the component asked the app to go: every push and replace, in order. */
export interface Navigation {
  pushed: string[];
}

/**
 * Renders `ui` inside the contexts Next's App Router gives a page (the router, the path and the
 * search parameters), with a router that records where the component navigates instead of
 * loading another page.
 */
export function renderInApp(ui: ReactElement, { path = '/', search = '' }: { path?: string; search?: string } = {}) {
  const navigation: Navigation = { pushed: [] };
  const go = (href: string) => {
    navigation.pushed.push(href);
  };
  const router = { back() {}, forward() {}, refresh() {}, hmrRefresh() {}, prefetch() {}, push: go, replace: go };
  const result = render(
    <AppRouterContext.Provider value={router as never}>
      <PathnameContext.Provider value={path}>
        <SearchParamsContext.Provider value={new URLSearchParams(search)}>{ui}</SearchParamsContext.Provider>
      </PathnameContext.Provider>
    </AppRouterContext.Provider>,
  );
  return { ...result, navigation };
}
