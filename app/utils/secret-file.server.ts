import fs from "node:fs";
import path from "node:path";

/**
 * A secret kept in a file of DATA_DIR (a signing key, a certificate with its key): read if it is
 * there, else made by `make` and written readable by the owner alone. Written with "wx": two
 * processes making it at once never overwrite each other's; the loser reads the winner's.
 */
export function readOrCreateSecretFile(file: string, make: () => string) {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const pem = make();
  try {
    fs.writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return fs.readFileSync(file, "utf8");
  }
  return pem;
}
