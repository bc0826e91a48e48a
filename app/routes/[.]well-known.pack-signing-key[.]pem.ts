import { packSigningKey } from "~/utils/pack-key.server";

/**
 * The public key that signs every pack's manifest, published here so a recipient need not trust
 * the copy inside a ZIP. The PEM is kept clean (no comment line); its fingerprint is a header.
 */
export function loader() {
  const { publicPem, fingerprint } = packSigningKey();
  return new Response(publicPem, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "X-Key-Fingerprint": `SHA-256 ${fingerprint}`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
