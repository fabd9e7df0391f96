"use server";

import { redirect } from "next/navigation";
import { endDevice, endDeviceSchema, endOtherDevices } from "@/lib/sessions";
import { userAction } from "./door";

// Settings → Devices. On success the page is reloaded with a count to confirm: the row that held the
// form is gone by then, so it could not show an answer itself.

export const endDeviceAction = userAction({ fields: ["sessionId"], schema: endDeviceSchema }, async ({ actor, input }) => {
  await endDevice(actor, input);
  redirect("/settings/devices?signed-out=1");
});

export const endOtherDevicesAction = userAction({}, async ({ actor }) => {
  const count = await endOtherDevices(actor);
  redirect(`/settings/devices?signed-out=${count}`);
});
