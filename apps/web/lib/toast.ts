'use client';

import type { ExternalToast } from 'sonner';

/**
 * Toasts, with the toast library loaded on first use instead of with every page
 * (it is not needed to render anything, and it keeps first-load JavaScript small).
 */
function show(kind: 'success' | 'error' | 'info', message: string, options?: ExternalToast): void {
  void import('sonner').then(({ toast }) => toast[kind](message, options));
}

export const toast = {
  success: (message: string, options?: ExternalToast) => show('success', message, options),
  error: (message: string, options?: ExternalToast) => show('error', message, options),
  info: (message: string, options?: ExternalToast) => show('info', message, options),
};
