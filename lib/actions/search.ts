"use server";

import { redirect } from "next/navigation";
import { readFormFields } from "@/lib/accounts/form-fields";
import { requireUser } from "@/lib/auth/session";
import { startMapSearch, type StartMapSearchInput } from "@/lib/search";
import { formStateFromError, formValues, type FormState } from "./form-state";

export async function startMapSearchAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["name", "period"]);
  let searchId: string;
  try {
    const user = await requireUser();
    searchId = (await startMapSearch(user, readFormFields(formData, ["name", "period"]) as StartMapSearchInput)).id;
  } catch (error) {
    return formStateFromError(error, values);
  }
  redirect(`/search/${encodeURIComponent(searchId)}`);
}
