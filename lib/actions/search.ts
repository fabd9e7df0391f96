"use server";

import { redirect } from "next/navigation";
import { startMapSearch, startMapSearchSchema } from "@/lib/search";
import { userAction } from "./door";

export const startMapSearchAction = userAction(
  { fields: ["name", "period"], refill: ["name", "period"], schema: startMapSearchSchema },
  async ({ actor, input }) => {
    const { id } = await startMapSearch(actor, input);
    redirect(`/search/${encodeURIComponent(id)}`);
  },
);
