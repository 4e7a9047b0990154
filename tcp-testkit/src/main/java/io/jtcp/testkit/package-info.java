/**
 * Test support shared by every module: the seeded property runner and its generators.
 *
 * <p>TCP bugs live at edges no one writes by hand (sequence numbers across the 2^32 wrap, segments
 * one byte past a window, odd orderings), so tests state properties and let generated cases find
 * the edges. Two things make a found case usable: it must replay exactly from a printed seed, and
 * it must be small enough to read. Hence every generator draws through a {@link
 * io.jtcp.testkit.Source} that records its choices: replaying the choices replays the case, and
 * shrinking edits the choices rather than the values, so {@code map}, {@code flatMap} and {@code
 * filter} shrink with no per-type code. Kept in main scope, free of third-party property libraries,
 * so every module can depend on it for tests.
 */
package io.jtcp.testkit;
