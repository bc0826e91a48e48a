import { db, migrate } from "~/utils/db.server";
import { env } from "~/utils/env.server";
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

/** Brings the database up to date and logs the migrations it applied: the first step of an app process and of the sender. */
async function migrateDatabase() {
  const applied = await migrate();
  if (applied.length) logger.info({ applied }, "Database migrated");
}

/**
 * Start-up for an app process: migrate, seed the demo, start the background work: the counter,
 * pack exports, retention, closing campaigns and, unless OUTBOX_SENDER=0 leaves it to the sender
 * (`bootSender`), the outbox's mail and webhooks.
 */
export async function boot() {
  await migrateDatabase();
  await seedDemoCampaign();
  await appProcess.join();
  if (env.OUTBOX_SENDER) {
    await outboxWorker.start();
    await webhookWorker.start();
  }
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

/**
 * Start-up for the sender (`npm run sender`): a process that serves no page and only sends the
 * outbox's mail and webhooks, for app processes started with OUTBOX_SENDER=0. An app process
 * killed then leaves no message half-sent, so none is sent twice (README, "Several processes").
 */
export async function bootSender() {
  await migrateDatabase();
  await appProcess.join();
  await outboxWorker.start();
  await webhookWorker.start();
}

/** Finishes the work in hand (a send, a counting batch) and closes the database: an app process's or the sender's. */
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
