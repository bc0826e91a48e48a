import { db, type Executor } from "~/utils/db.server";

export async function getSetting({ key }: { key: string }, trx: Executor = db) {
  const row = await trx.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

export async function setSetting({ key, value, at }: { key: string; value: string; at: string }, trx: Executor = db) {
  await trx
    .insertInto("settings")
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at }))
    .execute();
}

export async function deleteSetting({ key }: { key: string }, trx: Executor = db) {
  await trx.deleteFrom("settings").where("key", "=", key).execute();
}
