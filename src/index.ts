/**
 * The `sp` package as a library. `sp/testing` (src/testing) is the test helper entry point; the
 * client below is what it and the `sp tail` / `sp events` / `sp assert` commands are built on.
 */
export * from './client/index.js'
export {createMicro, Micro, MicroExpectationError, type CreateMicroOptions, type WaitForOptions} from './testing/index.js'
export {
  parseExpectation, parseSpec, loadSpec, runAssertions, textReport, junitReport, githubReport, jsonReport, ASSERT_SPEC_SCHEMA,
  type AssertReport, type ExpectationResult, type ClosestEvent, type Expectation, type AssertSpec,
} from './assert/index.js'
