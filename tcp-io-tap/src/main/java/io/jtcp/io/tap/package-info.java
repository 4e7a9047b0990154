/** Linux TAP and TUN link drivers, reached through the Foreign Function and Memory API (no JNI). */
package io.jtcp.io.tap;
