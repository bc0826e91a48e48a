import crypto from "node:crypto";
import path from "node:path";
import forge from "node-forge";
import { env } from "./env.server";
import { type CertBundle, parseCertBundle } from "./pdf-signing.server";
import { readOrCreateSecretFile } from "./secret-file.server";
import { singleton } from "./singleton.server";

// The certificate that signs letter.pdf (a PAdES signature a PDF reader shows), kept like the pack
// key: given by PACK_SIGNING_CERT (a PEM bundle: the private key, its certificate, then any chain),
// or made once on first use as a self-signed certificate (RSA 3072, SHA-256) and kept in
// $DATA_DIR/pack-signing-cert.pem, readable by the server's user only. A bad PACK_SIGNING_CERT
// stops start-up (utils/env.server.ts).

export const PACK_CERT_FILE = "pack-signing-cert.pem";

/** The bundle, read or made on first use. `subject` names a certificate made now (CN: the site's host; O: the data controller). */
export const packSigningCert = (subject: { organisation?: string | null } = {}) =>
  singleton("pack-signing-cert", (): CertBundle => {
    if (env.PACK_SIGNING_CERT) return parseCertBundle(env.PACK_SIGNING_CERT);
    const file = path.join(env.DATA_DIR, PACK_CERT_FILE);
    return parseCertBundle(readOrCreateSecretFile(file, () => selfSignedBundle(new URL(env.PUBLIC_URL).hostname, subject.organisation ?? null)));
  });

/** A new RSA 3072 key and a self-signed certificate for it, valid ten years, as one PEM bundle. */
export function selfSignedBundle(commonName: string, organisation: string | null) {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 3072 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${crypto.randomBytes(15).toString("hex")}`;
  const from = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notBefore = from;
  cert.validity.notAfter = new Date(from.getTime() + 10 * 365.25 * 24 * 60 * 60 * 1000);
  const attrs = [{ shortName: "CN", value: commonName }, ...(organisation ? [{ shortName: "O", value: organisation, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }] : [])];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return `${keyPem}${forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n")}`;
}
