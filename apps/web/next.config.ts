import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The repository root: npm workspaces hoist next and the shared contracts package there.
  // packages/contracts is used as built (dist/): `npm run build -w @emporium/web` builds it first.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  transpilePackages: ['@emporium/contracts'],
  poweredByHeader: false,
};

export default config;
