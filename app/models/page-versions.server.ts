import { CompiledQuery } from "kysely";
import { db, type Executor } from "~/utils/db.server";

const pageVersionQuery = (trx: Executor, slug: string) =>
  trx.selectFrom("campaigns").select(["id", "page_version", "closes_at"]).where("slug", "=", slug);
type PageVersion = { id: number; page_version: number; closes_at: string | null };
let compiled: CompiledQuery<PageVersion> | undefined;

/**
 * What decides whether a kept public page of a campaign is still right: the campaign's id, its
 * `page_version` (moved by triggers on every write its pages show) and its closing time (a page
 * says "open" until then, with no write at that moment). One read by the unique slug index, asked
 * on every view of a kept page: compiled once, so a view costs the read and not the query's building.
 */
export async function getPageVersion({ slug }: { slug: string }, trx: Executor = db): Promise<PageVersion | undefined> {
  compiled ??= pageVersionQuery(trx, "").compile();
  const { rows } = await trx.executeQuery(CompiledQuery.raw(compiled.sql, [slug]) as CompiledQuery<PageVersion>);
  return rows[0];
}
