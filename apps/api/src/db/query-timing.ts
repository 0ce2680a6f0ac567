/**
 * Times the queries of a database client for metrics. The wrapper is installed when a client
 * is created and reads `observe` at each query, so metrics can be switched on after the
 * database was opened (it is opened and migrated before the app is built); until then it
 * only forwards the call.
 */
export class QueryTiming {
  observe: ((seconds: number) => void) | undefined;
  /** Queries started and not finished (the embedded database runs one at a time). */
  running = 0;

  // biome-ignore lint/suspicious/noExplicitAny: pg and PGlite have many query overloads; the wrapper forwards them all.
  wrap<T extends { query: (...args: any[]) => any }>(target: T): void {
    // A prototype's method is looked up at each call, so a patch applied later (tracing wraps
    // pg's Client.prototype.query) still runs; PGlite's transaction objects have their own.
    const own = Object.hasOwn(target, 'query') ? target.query : undefined;
    const prototype = Object.getPrototypeOf(target) as T;
    const timing = this;
    target.query = function timedQuery(this: unknown, ...args: unknown[]) {
      const query = own ?? prototype.query;
      const observe = timing.observe;
      if (!observe) return query.apply(this, args);
      const started = performance.now();
      timing.running++;
      const done = () => {
        timing.running--;
        observe((performance.now() - started) / 1000);
      };
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        // pg.Pool#query calls client.query with a callback.
        args[last] = function (this: unknown, ...results: unknown[]) {
          done();
          return callback.apply(this, results);
        };
        return query.apply(this, args);
      }
      const result = query.apply(this, args);
      if (result instanceof Promise) result.then(done, done);
      else timing.running--; // a pg Submittable (cursor): not timed
      return result;
    } as T['query'];
  }
}
