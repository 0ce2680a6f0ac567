import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The repository root: npm workspaces hoist next and the shared contracts package there.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  transpilePackages: ['@emporium/contracts'],
  poweredByHeader: false,
};

export default config;
