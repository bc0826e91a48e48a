import { type Kysely, Migrator } from "kysely";
import { migrations } from "./migrations/index";

export async function migrateToLatest<T>(db: Kysely<T>) {
  // Unordered: work merged from two branches may add a migration dated before one already applied.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  // Looked at first with a read: an up-to-date database (every start but the first after an
  // upgrade, every command-line run) takes no write lock, so it never holds up the signing or the
  // counting of a server already running on it.
  if ((await migrator.getMigrations()).every((migration) => migration.executedAt !== undefined)) return [];
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
