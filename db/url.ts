import path from "node:path";

// Shared by the app's env check and the stand-alone migrate command so both find the same file.
export function dataDirFromEnv() {
  return path.resolve(process.env.DATA_DIR || "data");
}

export function databaseUrlFromEnv() {
  return process.env.DATABASE_URL || `file:${path.join(dataDirFromEnv(), "undersigned.db")}`;
}
