/** STUB helper while the PostgreSQL stores are being written: any call says which store is missing. */
export function unbuilt<T>(name: string): T {
  return new Proxy(
    {},
    {
      get: (_, key) => () => {
        throw new Error(`PostgreSQL store ${name}.${String(key)} is not built yet`);
      },
    },
  ) as T;
}
