/** A plain GET form: the search lives in the URL, so a result page can be shared and reloaded. */
export function UserSearchForm({ q }: { q?: string }) {
  return (
    <form method="get" action="/admin/users" role="search" className="flex flex-col gap-2 sm:flex-row">
      <label htmlFor="user-search" className="sr-only">
        Search users
      </label>
      <input
        id="user-search"
        name="q"
        type="search"
        defaultValue={q}
        maxLength={120}
        placeholder="Email, name or Trackmania name"
        className="h-10 w-full min-w-0 rounded-lg border border-slate-300 px-3 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-200 focus:outline-none sm:max-w-sm"
      />
      <button type="submit" className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
        Search
      </button>
    </form>
  );
}
