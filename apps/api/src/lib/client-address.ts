import ipaddr from 'ipaddr.js';

/** Four decimal octets without leading zeros: what Node reports for an IPv4 peer. */
const DOTTED_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * The key a client's rate limits are counted under: an IPv4 address as is (an IPv4-mapped
 * IPv6 address as its IPv4 form), an IPv6 address as its /64 — one subscriber is routinely
 * given a whole /64, so counting single IPv6 addresses would hand out 2^64 budgets.
 */
export function clientKey(address: string): string {
  // A plain dotted IPv4 address (most clients) is its own key: no parse needed.
  if (DOTTED_IPV4.test(address)) return address;
  if (!ipaddr.isValid(address)) return address;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}
