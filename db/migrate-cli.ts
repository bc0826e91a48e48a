// `npm run db:migrate`: apply every pending migration to DATABASE_URL.
import { openDatabase } from "./connection";
import { migrateToLatest } from "./migrate";
import { databaseUrlFromEnv } from "./url";

const db = openDatabase(databaseUrlFromEnv());
const applied = await migrateToLatest(db);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
await db.destroy();
