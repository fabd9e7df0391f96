import "server-only";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { readFormFields, refillValues } from "@/lib/accounts/form-fields";
import type { ActingUser } from "@/lib/actor";
import { currentUser, requireAdmin, requireUser } from "@/lib/auth/session";
import { AppError, withErrorResponses } from "@/lib/errors";
import { readPathParams } from "@/lib/http";
import { formStateFromError, type FormState } from "./form-state";

/**
 * The one door every server action and route handler passes through (the shape of dub's safe actions):
 * it checks the session for the door's kind (public, signed-in, admin), reads the form's fields through
 * the input-text boundary, parses them with the action's schema, and maps whatever is thrown to form
 * state or an HTTP status in one place. Next's own control flow (redirect(), notFound()) passes through.
 */

type Door = "public" | "user" | "admin";

export type ActionOptions<K extends string, S extends z.ZodType> = {
  /** The form fields the action reads; each passes the input-text boundary (lib/http). */
  fields?: readonly K[];
  /** Fields that are text areas: their tabs and line breaks are fine. */
  multiline?: readonly K[];
  /** The action's schema: a refusal is the form's field errors, and nothing else runs. */
  schema?: S;
  /** Fields put back into the form after a refusal (never passwords). */
  refill?: readonly K[];
  /** A signed-out visitor is sent to sign in and back here; without it the form says "Sign in to continue." */
  signInReturnTo?: string;
  /** Errors this action words itself; anything it leaves (undefined) goes through the common mapping. */
  errorState?: (error: unknown, values: Record<string, string> | undefined) => FormState | undefined;
};

export type ActionContext<K extends string, S extends z.ZodType, A> = {
  actor: A;
  /** The fields as read, typed by the schema once it has accepted them. */
  input: z.ZodType extends S ? Record<K, unknown> : z.input<S>;
  /** The schema's output, for actions that need the parsed values themselves. */
  parsed: z.ZodType extends S ? Record<K, unknown> : z.output<S>;
  values: Record<string, string>;
  formData: FormData;
};

type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;

async function actorAt<D extends Door>(door: D, signInReturnTo: string | undefined): Promise<D extends "public" ? ActingUser | null : ActingUser> {
  if (door === "public") return (await currentUser()) as D extends "public" ? ActingUser | null : ActingUser;
  try {
    return (door === "admin" ? await requireAdmin() : await requireUser()) as ActingUser;
  } catch (error) {
    if (signInReturnTo !== undefined && error instanceof AppError && error.code === "unauthorized:session") {
      redirect(`/sign-in?next=${encodeURIComponent(signInReturnTo)}`);
    }
    throw error;
  }
}

function formAction<D extends Door, K extends string, S extends z.ZodType>(
  door: D,
  options: ActionOptions<K, S>,
  handle: (context: ActionContext<K, S, D extends "public" ? ActingUser | null : ActingUser>) => Promise<FormState>,
): FormAction {
  return async (_state, formData) => {
    const fields = readFormFields(formData, options.fields ?? [], { multiline: options.multiline });
    // Text areas come back whole (a long message must never be lost to a refusal); lines are capped.
    const multiline = new Set<string>(options.multiline ?? []);
    const refill = options.refill ?? [];
    const values = {
      ...refillValues(fields, refill.filter((name) => !multiline.has(name))),
      ...Object.fromEntries(refill.filter((name) => multiline.has(name)).map((name) => [name, typeof fields[name] === "string" ? fields[name] : ""])),
    };
    try {
      // The session first: a signed-out post learns nothing about its input.
      const actor = await actorAt(door, options.signInReturnTo);
      let parsed: unknown = fields;
      if (options.schema) {
        const result = options.schema.safeParse(fields);
        if (!result.success) return formStateFromError(result.error, refill.length > 0 ? values : undefined);
        parsed = result.data;
      }
      return await handle({ actor, input: fields as never, parsed: parsed as never, values, formData });
    } catch (error) {
      unstable_rethrow(error);
      // A form with nothing to refill gets no `values` back.
      const refilled = refill.length > 0 ? values : undefined;
      return options.errorState?.(error, refilled) ?? formStateFromError(error, refilled);
    }
  };
}

/** An action anyone may post (sign-in, sign-up, password reset): the actor is the signed-in user or null. */
export function publicAction<K extends string, S extends z.ZodType = z.ZodType>(
  options: ActionOptions<K, S>,
  handle: (context: ActionContext<K, S, ActingUser | null>) => Promise<FormState>,
): FormAction {
  return formAction("public", options, handle);
}

/** An action for a signed-in user, whose session is confirmed (a KV outage refuses it with 503's words). */
export function userAction<K extends string, S extends z.ZodType = z.ZodType>(
  options: ActionOptions<K, S>,
  handle: (context: ActionContext<K, S, ActingUser>) => Promise<FormState>,
): FormAction {
  return formAction("user", options, handle);
}

/** An action for an admin: everyone else is refused before the input is read. */
export function adminAction<K extends string, S extends z.ZodType = z.ZodType>(
  options: ActionOptions<K, S>,
  handle: (context: ActionContext<K, S, ActingUser>) => Promise<FormState>,
): FormAction {
  return formAction("admin", options, handle);
}

/**
 * A signed-in action whose state is its own (a look-up's results rather than a message): the same
 * session check and input boundary, and `refused` says what any error means for that state.
 */
export function userStateAction<State, K extends string>(
  options: { fields: readonly K[]; refused: (error: unknown, previous: State) => State },
  handle: (context: { actor: ActingUser; input: Record<K, unknown>; previous: State; formData: FormData }) => Promise<State>,
): (previous: State, formData: FormData) => Promise<State> {
  return async (previous, formData) => {
    const input = readFormFields(formData, options.fields);
    try {
      const actor = await actorAt("user", undefined);
      return await handle({ actor, input, previous, formData });
    } catch (error) {
      unstable_rethrow(error);
      return options.refused(error, previous);
    }
  };
}

/**
 * A form action without state (a plain `<form action>`: sign out, link Trackmania): the session is
 * checked the same way; whatever it throws is Next's to show (its error page), never a silent success.
 */
export function userFormAction(
  options: { signInReturnTo: string },
  handle: (context: { actor: ActingUser; formData: FormData }) => Promise<void>,
): (formData: FormData) => Promise<void> {
  return async (formData) => {
    const actor = await actorAt("user", options.signInReturnTo);
    await handle({ actor, formData });
  };
}

/** A form action without state that anyone may post (sign out, "Sign in with Trackmania"). */
export function publicFormAction(handle: (context: { actor: ActingUser | null; formData: FormData }) => Promise<void>): (formData: FormData) => Promise<void> {
  return async (formData) => {
    const actor = await actorAt("public", undefined);
    await handle({ actor, formData });
  };
}

type RouteContext<P> = { params: Promise<P> };

function route<D extends Door, P>(
  door: D,
  handle: (request: Request, context: { actor: D extends "public" ? ActingUser | null : ActingUser; params: P }) => Promise<Response>,
): (request: Request, context?: RouteContext<P>) => Promise<Response> {
  return withErrorResponses(async (request: Request, context?: RouteContext<P>) => {
    const actor = await actorAt(door, undefined);
    // Every dynamic segment passes the input-text boundary: one holding a control character is a 404.
    const params = context?.params ? await readPathParams(context.params as Promise<P & Record<string, string>>) : ({} as P);
    return handle(request, { actor: actor as D extends "public" ? ActingUser | null : ActingUser, params });
  });
}

/** A route handler anyone may call; errors map to their status (lib/errors). */
export function publicRoute<P = Record<string, never>>(handle: (request: Request, context: { actor: ActingUser | null; params: P }) => Promise<Response>) {
  return route("public", handle);
}

/** A route handler for a signed-in user: 401 without a session, 503 while it cannot be confirmed. */
export function userRoute<P = Record<string, never>>(handle: (request: Request, context: { actor: ActingUser; params: P }) => Promise<Response>) {
  return route("user", handle);
}

/** A route handler for an admin: 401 for anonymous callers, 403 for users who are not admins. */
export function adminRoute<P = Record<string, never>>(handle: (request: Request, context: { actor: ActingUser; params: P }) => Promise<Response>) {
  return route("admin", handle);
}
