import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { Landing } from "@/components/marketing/landing";

export default function HomePage() {
  return (
    <>
      <SiteHeader />
      <Landing />
      <SiteFooter />
    </>
  );
}
