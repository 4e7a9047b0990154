package io.jtcp.core.engine;

/** What a listener tells its owner, on the engine thread. */
public interface ListenerEvents {
  ListenerEvents NONE = new ListenerEvents() {};

  /** A connection finished its handshake and waits in the accept queue. */
  default void onAcceptable(Listener l) {}
}
