import { z } from "zod";

export const endDeviceSchema = z.object({
  sessionId: z
    .string({ error: "Choose a device to sign out." })
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, "That is not one of your devices."),
});
export type EndDeviceInput = z.input<typeof endDeviceSchema>;
