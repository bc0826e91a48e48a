const SITE = "http://site.invalid";

/**
 * A path on this site, or `fallback`. Browsers drop tabs and line breaks from a URL and read `\`
 * as `/`, so `/\t/evil.example` is `//evil.example` to them: any control character, backslash or
 * `//` is refused outright, and what remains must still be on this site once resolved against it.
 * The answer is the resolved path, percent-encoded, so it is always a valid Location header.
 */
export function safeRedirect(to: unknown, fallback = "/workspace") {
  if (typeof to !== "string" || to.length > 2_000 || !to.startsWith("/")) return fallback;
  // eslint-disable-next-line no-control-regex -- a control character in a redirect is what this refuses
  if (to.includes("//") || /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
