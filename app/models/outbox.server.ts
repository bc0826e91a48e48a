import { sql } from "kysely";
import { isSqlite } from "#db/dialect";
import { APP_PROCESS_LOCKS } from "~/utils/app-process.server";
import { db, type Executor, type NewOutboxMessage } from "~/utils/db.server";

export async function insertOutboxMessage({ message }: { message: NewOutboxMessage }, trx: Executor = db) {
  const row = await trx.insertInto("outbox").values(message).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims due messages for sending: pending ones whose time has come, oldest first, and any left
 * "sending" by a process that is gone: its lease ran out or, on PostgreSQL, its presence lock is no
 * longer held (utils/app-process.server.ts); up to `limit` of each. The claim, the lease and the
 * claimer are one statement. Each half reads its index in order, so a backlog of thousands costs no
 * more than a few. On PostgreSQL, where several app processes claim at once, each takes only rows
 * no other claim has locked (`for update skip locked`), so no message is claimed twice.
 */
export async function claimDueMessages(
  { now, leaseUntil, limit, claimer, webhooks }: { now: string; leaseUntil: string; limit: number; claimer: number; webhooks: boolean },
  trx: Executor = db,
) {
  const postgres = !isSqlite(trx);
  // Mail and webhook deliveries are claimed by workers of their own, so a receiver that hangs
  // never holds up the mail (and a partial index finds the few webhook rows among the mail).
  const kind = webhooks ? ("is not" as const) : ("is" as const);
  const duePending = trx
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "pending")
    .where("webhook_id", kind, null)
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit)
    .$if(postgres, (qb) => qb.forUpdate().skipLocked());
  const abandoned = trx
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "sending")
    .where("webhook_id", kind, null)
    .$if(!postgres, (qb) => qb.where("locked_until", "<", now).orderBy("locked_until"))
    .$if(postgres, (qb) =>
      qb
        .where((eb) =>
          eb.or([
            eb("locked_until", "<", now),
            eb.and([
              eb("claimed_by", "is not", null),
              eb(
                sql`cast(claimed_by as bigint)`,
                "not in",
                sql`(select cast(objid as bigint) from pg_locks where locktype = 'advisory' and granted and classid = ${sql.lit(APP_PROCESS_LOCKS)} and objsubid = 2 and database = (select oid from pg_database where datname = current_database()))`,
              ),
            ]),
          ]),
        )
        .orderBy("locked_until")
        .forUpdate()
        .skipLocked(),
    )
    .limit(limit);
  const due = trx
    .selectFrom(duePending.as("due"))
    .select("due.id")
    .unionAll(trx.selectFrom(abandoned.as("abandoned")).select("abandoned.id"));
  return trx
    .updateTable("outbox")
    .set({ status: "sending", locked_until: leaseUntil, claimed_by: claimer })
    .where("id", "in", due)
    .returning(["id", "template", "recipient", "payload", "subject", "text_body", "html_body", "message_id", "attempts", "attachment_file", "attachment_name", "headers", "webhook_id"])
    .execute();
}

/**
 * At start-up of the one process on SQLite no message can be in the middle of sending: any left
 * "sending" belong to the process that died, so they are due again now rather than when their
 * lease runs out.
 */
export async function releaseAbandonedClaims(trx: Executor = db) {
  const result = await trx
    .updateTable("outbox")
    .set({ status: "pending", locked_until: null, claimed_by: null })
    .where("status", "=", "sending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records a message as sent (with its subject, known once rendered; a webhook delivery's event)
 * and forgets what it was made from.
 */
export async function markMessageSent({ id, subject, sentAt }: { id: number; subject: string; sentAt: string }, trx: Executor = db) {
  await trx
    .updateTable("outbox")
    .set({ status: "sent", subject, sent_at: sentAt, locked_until: null, claimed_by: null, last_error: null, payload: null, text_body: null, html_body: null, headers: null })
    .where("id", "=", id)
    .execute();
}

export async function markMessageFailed(
  { id, error, nextAttemptAt, permanent }: { id: number; error: string; nextAttemptAt: string; permanent: boolean },
  trx: Executor = db,
) {
  await trx
    .updateTable("outbox")
    .set((eb) => ({
      status: permanent ? "failed" : "pending",
      attempts: eb("attempts", "+", 1),
      next_attempt_at: nextAttemptAt,
      locked_until: null,
      claimed_by: null,
      last_error: error.slice(0, 1000),
    }))
    .where("id", "=", id)
    .execute();
}

export async function nextDueTime({ webhooks }: { webhooks: boolean }, trx: Executor = db) {
  const row = await trx
    .selectFrom("outbox")
    .select((eb) => eb.fn.min("next_attempt_at").as("at"))
    .where("status", "=", "pending")
    .where("webhook_id", webhooks ? "is not" : "is", null)
    .executeTakeFirst();
  return row?.at ?? undefined;
}
