import { migrate } from "~/utils/db.server";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { seedDemoCampaign } from "./campaigns.server";
import { counter } from "./counting.server";
import { outboxWorker } from "./outbox.server";

/** Start-up for the server process: migrate, seed the demo, start the outbox worker and the counter. */
export async function boot() {
  const applied = await migrate();
  if (applied.length) logger.info({ applied }, "Database migrated");
  await seedDemoCampaign();
  await outboxWorker.start();
  counter.start();
}

/** Finishes the work in hand (a send, a counting batch) and closes the database. */
export async function shutdown() {
  await outboxWorker.stop();
  await counter.stop();
  await db.destroy();
}
