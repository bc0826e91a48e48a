import { insertAuditEntry } from "~/models/audit.server";
import { getUserById, listUsers, type SessionUser, updateUserRole } from "~/models/users.server";
import { db, type Language, now, type UserRole } from "~/utils/db.server";
import { conflict } from "~/utils/domain-error";
import { requireSiteAccess } from "./access.server";
import { createUser } from "./accounts.server";

// Routes ask the access policy too; the service asks on its own so no other door can skip it.
const requireAdmin = (user: SessionUser) => requireSiteAccess({ actor: user, need: "managePeople" });

export async function listPeople({ admin }: { admin: SessionUser }) {
  requireAdmin(admin);
  return listUsers();
}

/** Creates an account (a conflict when the address has one already), audited. */
/** `language`: the page the account was made on; the new person's mail is in it until they sign in. */
export async function createAccount({ admin, email, role, language }: { admin: SessionUser; email: string; role: UserRole; language: Language }) {
  requireAdmin(admin);
  return db.transaction().execute(async (trx) => {
    const created = await createUser({ email, role }, trx, { language });
    await insertAuditEntry({ userId: admin.id, campaignId: null, action: "user.create", after: { userId: created.id, email, role }, createdAt: now() }, trx);
    return created;
  });
}

/** Changes someone's role. An admin cannot take away their own, so there is always an admin left. */
export async function changeRole({ admin, userId, role }: { admin: SessionUser; userId: number; role: UserRole }) {
  requireAdmin(admin);
  if (userId === admin.id && role !== "admin") throw conflict("people.errors.ownRole");
  await db.transaction().execute(async (trx) => {
    const person = await getUserById({ userId }, trx);
    if (!person) throw conflict("people.errors.noAccount");
    if (person.role === role) return;
    await updateUserRole({ userId, role }, trx);
    await insertAuditEntry(
      { userId: admin.id, campaignId: null, action: "user.role", before: { userId, email: person.email, role: person.role }, after: { userId, email: person.email, role }, createdAt: now() },
      trx,
    );
  });
}
