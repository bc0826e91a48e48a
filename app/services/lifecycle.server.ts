import { db, migrate } from "~/utils/db.server";
import { appProcess } from "~/utils/app-process.server";
import { exclusively } from "~/utils/exclusive.server";
import { logger } from "~/utils/logger.server";
import { closeCampaignsPastClosing } from "./campaign-editing.server";
import { seedDemoCampaign } from "./campaigns.server";
import { counter } from "./counting.server";
import { outboxWorker, webhookWorker } from "./outbox.server";
import { packWorker } from "./pack/export-job.server";
import { responseMailer } from "./responses.server";
import { retentionWorker } from "./retention.server";

/** Start-up for the server process: migrate, seed the demo, start the outbox worker and the counter. */
export async function boot() {
  const applied = await migrate();
  if (applied.length) logger.info({ applied }, "Database migrated");
  await seedDemoCampaign();
  await appProcess.join();
  await outboxWorker.start();
  await webhookWorker.start();
  await responseMailer.start();
  counter.start();
  await packWorker.start();
  await retentionWorker.start();
  await exclusively("closing-campaigns", closeCampaignsPastClosing);
  closingTimer = setInterval(() => {
    exclusively("closing-campaigns", closeCampaignsPastClosing).catch((error) => logger.error({ err: error }, "Closing campaigns past their date failed"));
  }, 30_000);
}

let closingTimer: NodeJS.Timeout | undefined;

/** Finishes the work in hand (a send, a counting batch) and closes the database. */
export async function shutdown() {
  clearInterval(closingTimer);
  await retentionWorker.stop();
  await responseMailer.stop();
  await outboxWorker.stop();
  await webhookWorker.stop();
  await packWorker.stop();
  await counter.stop();
  await appProcess.leave();
  await db.destroy();
}
