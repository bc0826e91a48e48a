import crypto from "node:crypto";

/** A secret for a link or a cookie: 256 random bits, URL-safe. */
export function newToken() {
  return crypto.randomBytes(32).toString("base64url");
}

/** What is stored instead of a token that grants access: a leaked database grants nothing. */
export function hashToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function sameHash(a: string, b: string) {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
