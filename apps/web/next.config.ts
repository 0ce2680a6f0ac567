import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The repository root: npm workspaces hoist next and the shared contracts package there.
  turbopack: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    // The shared contracts as built (dist/), in `next dev` too (whose "development" condition
    // would pick the TypeScript source). `npm run build` and `npm run dev` build them first.
    resolveAlias: { '@emporium/contracts': '../../packages/contracts/dist/index.js' },
  },
  transpilePackages: ['@emporium/contracts'],
  poweredByHeader: false,
};

export default config;
