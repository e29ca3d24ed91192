import { afterEach } from "vitest";
import { formatUnexpectedErrors, takeUnexpectedErrors } from "./unexpected-errors.js";

// A vitest setup file: every test, in every file, fails when a fake answered an error it did not
// provoke. After-hooks run in reverse order, so a file's own afterEach (e.g. `fake.reset()`) runs
// first; errors a test provoked on purpose are allowed with `fake.allowErrors(...)`.
afterEach(() => {
  const errors = takeUnexpectedErrors();
  if (errors.length > 0) throw new Error(formatUnexpectedErrors(errors));
});
