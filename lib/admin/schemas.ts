import { z } from "zod";
import { searchText } from "@/lib/http/input-text-schemas";

/** A user id as it appears in URLs and forms (a cuid); anything else is refused before a query. */
export const userIdSchema = z.string("Choose a user.").trim().min(1, "Choose a user.").max(64, "That is not a user id.").regex(/^[\w-]+$/, "That is not a user id.");

/**
 * The Users page's query string: junk falls back to the first page of everyone; a search holding a
 * control character finds no one (see `searchText`).
 */
export const listUsersSchema = z.object({
  q: searchText.pipe(z.string().trim().max(120)).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type ListUsersInput = z.input<typeof listUsersSchema>;

export const setUserRoleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(["USER", "ADMIN"], "Choose admin or user."),
});
export type SetUserRoleInput = z.input<typeof setUserRoleSchema>;

export const setUserDisabledSchema = z.object({
  userId: userIdSchema,
  disabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")], "Choose disable or enable."),
});
export type SetUserDisabledInput = z.input<typeof setUserDisabledSchema>;
