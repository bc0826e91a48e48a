import { type Kysely, Migrator } from "kysely";
import { migrations } from "./migrations/index";

export async function migrateToLatest<T>(db: Kysely<T>) {
  // Unordered: work merged from two branches may add a migration dated before one already applied.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
