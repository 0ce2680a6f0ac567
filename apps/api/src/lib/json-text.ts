/**
 * A string that is the JSON of a `T`, as PostgreSQL built it (see productJson): written to the
 * response as it is (`sendJson`), never parsed and serialized again.
 */
export type Json<T> = string & { readonly __json: T };
