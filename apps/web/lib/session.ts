'use client';

import type { TokenPair, User } from '@emporium/contracts';
import { create } from 'zustand';

/**
 * Who is signed in. The access token lives only here, in memory: a reload gets a new one
 * from the HttpOnly refresh cookie (see lib/api/client.ts), so no token is ever in storage
 * a script could read.
 */
interface SessionState {
  /** False until the first refresh attempt has answered (signed in or not). */
  ready: boolean;
  user: User | null;
  accessToken: string | null;
  cartCount: number;
  signedIn: (pair: Pick<TokenPair, 'accessToken' | 'user'>) => void;
  setUser: (user: User) => void;
  signedOut: () => void;
  setReady: () => void;
  setCartCount: (count: number) => void;
}

export const useSession = create<SessionState>((set) => ({
  ready: false,
  user: null,
  accessToken: null,
  cartCount: 0,
  signedIn: ({ accessToken, user }) => set({ accessToken, user, ready: true }),
  setUser: (user) => set({ user }),
  signedOut: () => set({ accessToken: null, user: null, cartCount: 0, ready: true }),
  setReady: () => set({ ready: true }),
  setCartCount: (cartCount) => set({ cartCount }),
}));
