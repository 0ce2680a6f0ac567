export function isLoopbackHost(host: string): boolean;
export function startSettings(env: Record<string, string | undefined>): {
  host: string;
  webPort: number;
  apiPort: number;
  webUrl: string;
  apiUrl: string;
  webLocalUrl: string;
  demo: boolean;
};
