"use server";

import { redirect } from "next/navigation";
import { readFormFields } from "@/lib/accounts/form-fields";
import { requireUser } from "@/lib/auth/session";
import { endDevice, endOtherDevices, type EndDeviceInput } from "@/lib/sessions";
import { formStateFromError, type FormState } from "./form-state";

// Settings → Devices. On success the page is reloaded with a count to confirm: the row that held the
// form is gone by then, so it could not show an answer itself.

export async function endDeviceAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await requireUser();
    await endDevice(actor, readFormFields(formData, ["sessionId"]) as EndDeviceInput);
  } catch (error) {
    return formStateFromError(error);
  }
  redirect("/settings/devices?signed-out=1");
}

export async function endOtherDevicesAction(_state: FormState, _formData: FormData): Promise<FormState> {
  let count: number;
  try {
    count = await endOtherDevices(await requireUser());
  } catch (error) {
    return formStateFromError(error);
  }
  redirect(`/settings/devices?signed-out=${count}`);
}
