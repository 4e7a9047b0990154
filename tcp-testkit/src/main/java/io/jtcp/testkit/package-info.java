/** Test support shared by every module: the seeded property runner and its generators. */
package io.jtcp.testkit;
