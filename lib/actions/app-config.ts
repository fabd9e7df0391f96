"use server";

import { revalidatePath } from "next/cache";
import { readFormFields, refillValues } from "@/lib/accounts/form-fields";
import { APP_CONFIG_FIELDS, updateAppConfig, type AppConfigInput } from "@/lib/app-config";
import { requireAdmin } from "@/lib/auth/session";
import { formStateFromError, type FormState } from "./form-state";

// The admin's Limits form. The action re-checks the admin role itself: a server action is a public
// POST endpoint, whatever page rendered its form.

export async function updateAppConfigAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, APP_CONFIG_FIELDS);
  const values = refillValues(fields, APP_CONFIG_FIELDS);
  try {
    const admin = await requireAdmin();
    // An unticked checkbox is simply absent from the form.
    await updateAppConfig(admin, { ...fields, registrationOpen: fields.registrationOpen ?? false } as AppConfigInput);
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidatePath("/admin/config");
  // The alert pages show the alert limit, the position-mode threshold and the depth.
  revalidatePath("/alerts", "layout");
  return { status: "success", message: "Limits saved. They apply to new alerts and to the next daily check; nobody's existing alerts were removed." };
}
