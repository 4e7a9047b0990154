package io.jtcp.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jtcp listen --serve FILE}: answers one HTTP/1.1 request on a connection with the file,
 * whatever the path, as {@code curl} expects of a server that closes: a status line, {@code
 * Content-Length}, {@code Connection: close}, the body, then the close. {@code HEAD} gets the
 * headers only; other methods get 405. Requests are read up to the blank line (at most 64 KiB of
 * headers, as servers commonly allow).
 */
final class HttpFileServer {
  static final int MAX_HEADER = 64 * 1024;

  private final Path file;

  HttpFileServer(Path file) {
    this.file = file;
  }

  /** What was asked, for the log line. */
  record Served(String requestLine, int status, long bytes) {}

  Served serve(InputStream in, OutputStream out) throws IOException {
    String head = readHead(in);
    String requestLine = head.lines().findFirst().orElse("");
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      respond(out, 400, "Bad Request", "text/plain", "not an HTTP/1.x request\n");
      return new Served(requestLine, 400, 0);
    }
    boolean headOnly = parts[0].equals("HEAD");
    if (!headOnly && !parts[0].equals("GET")) {
      respond(out, 405, "Method Not Allowed", "text/plain", "only GET and HEAD\n");
      return new Served(requestLine, 405, 0);
    }
    long size = Files.size(file);
    String headers =
        "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: "
            + size
            + "\r\n"
            + "Connection: close\r\n"
            + "Server: jtcp\r\n\r\n";
    out.write(headers.getBytes(StandardCharsets.US_ASCII));
    long sent = 0;
    if (!headOnly) {
      try (InputStream f = Files.newInputStream(file)) {
        sent = f.transferTo(out);
      }
    }
    out.flush();
    return new Served(requestLine, 200, sent);
  }

  private static void respond(OutputStream out, int code, String reason, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String h =
        "HTTP/1.1 "
            + code
            + " "
            + reason
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + b.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(h.getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  /** The request head up to and without the blank line; what ends early is returned as it is. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0; // how much of CR LF CR LF has been seen
    while (head.size() < MAX_HEADER) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.write(c);
      state =
          switch (state) {
            case 0, 2 -> c == '\r' ? state + 1 : (c == '\n' && state == 2 ? 4 : 0);
            case 1, 3 -> c == '\n' ? state + 1 : (c == '\r' ? 1 : 0);
            default -> state;
          };
      if (state == 4) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1).strip();
  }
}
