package io.jtcp.core.api;

import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.ListenerEvents;
import io.jtcp.core.runtime.EventLoop;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/** A listening socket: {@link #accept()} blocks until a connection has completed its handshake. */
public final class TcpListener implements AutoCloseable {
  private final Listener listener;
  private final EventLoop loop;

  /** Accept calls waiting for a connection; touched on the loop thread only. */
  private final ArrayDeque<CompletableFuture<TcpConnection>> waiting = new ArrayDeque<>();

  private boolean closed;

  TcpListener(Listener listener, EventLoop loop) {
    this.listener = listener;
    this.loop = loop;
    loop.execute(
        now ->
            listener.setEvents(
                new ListenerEvents() {
                  @Override
                  public void onAcceptable(Listener l) {
                    serve();
                  }
                }));
  }

  public int port() {
    return listener.port();
  }

  /** Blocks until a connection is established, then returns it. */
  public TcpConnection accept() throws IOException {
    Blocking.requireNotIn(loop);
    CompletableFuture<TcpConnection> f = new CompletableFuture<>();
    loop.execute(
        now -> {
          if (closed) {
            f.completeExceptionally(
                new NotConnectedException("the listener on port " + port() + " is closed"));
            return;
          }
          waiting.add(f);
          serve();
        });
    return Blocking.await(f, null);
  }

  private void serve() {
    while (!waiting.isEmpty()) {
      Connection c = listener.accept();
      if (c == null) {
        return;
      }
      CompletableFuture<TcpConnection> f = waiting.poll();
      new TcpConnection(c, loop, f);
    }
  }

  /** Stops listening; unaccepted connections are reset, waiting accept calls fail. */
  @Override
  public void close() throws IOException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        now -> {
          closed = true;
          try {
            listener.close(now);
          } catch (IOException e) {
            done.completeExceptionally(e);
            return;
          }
          for (CompletableFuture<TcpConnection> f : waiting) {
            f.completeExceptionally(
                new NotConnectedException("the listener on port " + port() + " was closed"));
          }
          waiting.clear();
          done.complete(null);
        });
    if (!loop.inLoop()) {
      Blocking.await(done, null);
    }
  }
}
