// Runs one SQL statement on PostgreSQL for tests/helpers/db.ts, which waits for it synchronously
// (synckit): the tests read and change the app's database with the same calls on either engine.
import pg from "pg";
import { runAsWorker } from "synckit";

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

const clients = new Map();

runAsWorker(async (url, text, params) => {
  let client = clients.get(url);
  if (!client) {
    client = new pg.Client({ connectionString: url });
    // A test's database is dropped when its app stops, ending this connection: forget it, quietly.
    client.on("error", () => clients.delete(url));
    client.on("end", () => clients.delete(url));
    await client.connect();
    clients.set(url, client);
  }
  const result = await client.query(text, params);
  // A comparison in a test's own SQL (`x is not null as verified`) is a boolean here and 0 or 1 on
  // SQLite: the tests compare with SQLite's, which is also how the app's own flag columns read.
  const rows = result.rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "boolean" ? Number(value) : value])),
  );
  return { rows, changes: result.rowCount ?? 0 };
});
