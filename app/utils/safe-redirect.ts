/** Only paths on this site: never `//evil.example`, never a full URL, never a backslash trick. */
export function safeRedirect(to: unknown, fallback = "/workspace") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  return to;
}
