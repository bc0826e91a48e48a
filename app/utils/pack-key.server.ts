import crypto, { type KeyObject } from "node:crypto";
import path from "node:path";
import { env } from "./env.server";
import { readOrCreateSecretFile } from "./secret-file.server";
import { singleton } from "./singleton.server";

// The Ed25519 key that signs every pack's manifest.json. Given by PACK_SIGNING_KEY, or made on
// first use and kept under DATA_DIR, readable by the server's user only. The public half is
// published at /.well-known/pack-signing-key.pem, so a recipient need not trust the copy in a ZIP.

export interface PackSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, exactly as published and as put in each pack as public-key.pem. */
  publicPem: string;
  fingerprint: string;
}

/** The key, read or made on first use (not at import: a page that never signs never touches DATA_DIR). */
export const packSigningKey = () =>
  singleton("pack-signing-key", (): PackSigningKey => {
    const privateKey = crypto.createPrivateKey(env.PACK_SIGNING_KEY ??
        readOrCreateSecretFile(path.join(env.DATA_DIR, "pack-signing-key.pem"), () =>
          crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        ));
    const publicKey = crypto.createPublicKey(privateKey);
    return { privateKey, publicKey, publicPem: publicKeyPem(publicKey), fingerprint: keyFingerprint(publicKey) };
  });

export function publicKeyPem(publicKey: KeyObject) {
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

/** SHA-256 of the DER SPKI, in hex groups of four: what `openssl pkey -pubin -outform DER | sha256sum` shows, spaced. */
export function keyFingerprint(publicKey: KeyObject) {
  const hex = crypto.createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
  return hex.match(/.{4}/g)!.join(" ");
}

export function signManifest(manifest: Buffer) {
  return crypto.sign(null, manifest, packSigningKey().privateKey);
}
