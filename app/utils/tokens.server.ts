import crypto from "node:crypto";
import { env } from "./env.server";

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

/**
 * A link that names a record without anything stored for it: the id and an HMAC of purpose and id
 * (`{id}-{mac}`), so nobody can make one for another record or reuse one for another purpose.
 * Rotating SESSION_SECRET retires them all. Used to unsubscribe and to withdraw a signature.
 */
export function idToken(purpose: "unsubscribe" | "withdraw", id: number) {
  return `${id}-${idMac(purpose, id)}`;
}

/** The id an `idToken` was made for, or undefined. The MAC is base64url, which has `-` in it too: the id ends at the first `-`. */
export function idOfToken(purpose: "unsubscribe" | "withdraw", token: string) {
  const dash = token.indexOf("-");
  if (dash < 1) return undefined;
  const id = Number(token.slice(0, dash));
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const expected = Buffer.from(idMac(purpose, id));
  const given = Buffer.from(token.slice(dash + 1));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : undefined;
}

function idMac(purpose: string, id: number) {
  return crypto.createHmac("sha256", env.SESSION_SECRET).update(`${purpose}:${id}`).digest("base64url");
}
