import fs from "node:fs";
import path from "node:path";
import { backupSqliteDatabase } from "~/models/backup.server";
import { db, isSqlite } from "~/utils/db.server";
import { conflict, invalid } from "~/utils/domain-error";
import { env } from "~/utils/env.server";

/**
 * An online backup of the SQLite database into a new file (`npm run cli -- db:backup`), safe while
 * the server serves and writes. PostgreSQL has its own tools (pg_dump), so it is refused there.
 */
export async function backupDatabase({ out }: { out: string }) {
  if (!isSqlite(db)) throw invalid("cli.backup.postgres");
  if (fs.existsSync(out)) throw conflict("cli.backup.exists", { file: out });
  const folder = path.dirname(path.resolve(out));
  if (!fs.existsSync(folder)) throw invalid("cli.backup.noFolder", { folder });
  return backupSqliteDatabase({ databaseUrl: env.DATABASE_URL, out });
}
