"use server";

import { revalidatePath } from "next/cache";
import { APP_CONFIG_FIELDS, updateAppConfig } from "@/lib/app-config";
import { adminAction } from "./door";

// The admin's Limits form. The door re-checks the admin role on every post: a server action is a
// public POST endpoint, whatever page rendered its form.

export const updateAppConfigAction = adminAction({ fields: APP_CONFIG_FIELDS, refill: APP_CONFIG_FIELDS }, async ({ actor, input }) => {
  // An unticked checkbox is simply absent from the form.
  await updateAppConfig(actor, { ...input, registrationOpen: input.registrationOpen ?? false } as Parameters<typeof updateAppConfig>[1]);
  revalidatePath("/admin/config");
  // The alert pages show the alert limit, the position-mode threshold and the depth.
  revalidatePath("/alerts", "layout");
  return { status: "success", message: "Limits saved. They apply to new alerts and to the next daily check; nobody's existing alerts were removed." };
});
