// Keeps one instance across Vite's module reloads in development.
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __undersigned?: Record<string, unknown> };
  store.__undersigned ??= {};
  store.__undersigned[name] ??= create();
  return store.__undersigned[name] as T;
}
