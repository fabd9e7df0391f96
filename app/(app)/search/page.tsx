import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/app/not-yet-available";
import { PageHeader } from "@/components/app/page-header";

export const metadata: Metadata = { title: "Map search" };

export default function MapsearchPage() {
  return (
    <>
      <PageHeader title="Map search" description="Search any mapper by Trackmania name and see the records driven on their maps." />
      <NotYetAvailable what="This section is being built. Search any mapper by Trackmania name and see the records driven on their maps." />
    </>
  );
}
