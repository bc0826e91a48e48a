import { BlockList, isIP } from "node:net";

// Address ranges (CIDR) matched in code: SQL cannot compare addresses portably. Shared by bulk
// invalidation (services/moderation.server.ts) and the quiet abuse flags (services/abuse.server.ts).

/** The ranges one per line, blank lines and surrounding spaces ignored. */
export function rangeLines(text: string | null | undefined) {
  return (text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * True for an address in any of the ranges (IPv4 or IPv6 CIDR, or one address); IPv4-mapped IPv6
 * addresses count as IPv4. The ranges must be valid (checked by the schema that took them).
 */
export function ipRangeMatcher(ranges: string | string[]) {
  const list = new BlockList();
  for (const range of Array.isArray(ranges) ? ranges : [ranges]) {
    const [address, prefix] = range.split("/");
    const family = isIP(address) === 4 ? "ipv4" : "ipv6";
    list.addSubnet(address, prefix === undefined ? (family === "ipv4" ? 32 : 128) : Number(prefix), family);
  }
  return (ip: string) => {
    const version = isIP(ip);
    return version !== 0 && list.check(ip, version === 4 ? "ipv4" : "ipv6");
  };
}
