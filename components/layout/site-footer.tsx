export function SiteFooter() {
  return (
    <footer className="mt-auto border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-500 sm:flex-row sm:justify-between">
        <p>Trackwatch is a community project. Not affiliated with Nadeo or Ubisoft.</p>
        <p>
          Map data from Nadeo&apos;s web services and{" "}
          <a className="underline hover:text-slate-700" href="https://trackmania.exchange">
            Trackmania Exchange
          </a>
          .
        </p>
      </div>
    </footer>
  );
}
