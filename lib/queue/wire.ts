import { Prisma } from "@/lib/generated/prisma/client";
import type { z } from "zod";

/** What a payload becomes on the way through QStash or a JobRecord: plain JSON. */
export function toWirePayload(payload: unknown): unknown {
  // undefined has no JSON form; both drivers carry it as null.
  const text = JSON.stringify(payload ?? null);
  return JSON.parse(text) as unknown;
}

/** The JobRecord column is non-nullable JSON; a bare `null` payload has to be spelled JsonNull. */
export function toJsonInput(payload: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return payload === null || payload === undefined ? Prisma.JsonNull : (payload as Prisma.InputJsonValue);
}

const MAX_ERROR_LENGTH = 2_000;

/** An error as one line for JobRecord.lastError and the logs. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}...` : text;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
