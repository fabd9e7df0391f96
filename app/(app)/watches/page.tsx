import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/app/not-yet-available";
import { PageHeader } from "@/components/app/page-header";

export const metadata: Metadata = { title: "Driver watches" };

export default function DriverwatchesPage() {
  return (
    <>
      <PageHeader title="Driver watches" description="Watch the maps where you hold a top time and hear when someone beats it." />
      <NotYetAvailable what="This section is being built. Watch the maps where you hold a top time and hear when someone beats it." />
    </>
  );
}
