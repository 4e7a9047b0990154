package io.jtcp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code jtcp get URL}: one HTTP/1.1 GET with {@code Connection: close}, its body copied out.
 * Bodies framed by {@code Content-Length}, by {@code Transfer-Encoding: chunked}, or by the close
 * (HTTP/1.0 servers such as {@code python3 -m http.server} send a length) are all read. The host
 * must be an IPv4 address: jtcp has no resolver.
 */
final class HttpGet {
  /** A parsed {@code http://A.B.C.D[:PORT]/PATH} URL. */
  record Target(String host, int port, String path) {
    static Target parse(String url) {
      URI u;
      try {
        u = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")");
      }
      if (!"http".equalsIgnoreCase(u.getScheme())) {
        throw new IllegalArgumentException(
            "only http:// URLs are supported (no TLS in jtcp); got " + url);
      }
      String host = u.getHost();
      if (host == null || !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new IllegalArgumentException(
            "the host must be an IPv4 address (jtcp has no DNS resolver); got " + url);
      }
      int port = u.getPort() < 0 ? 80 : u.getPort();
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      if (u.getRawQuery() != null) {
        path += "?" + u.getRawQuery();
      }
      return new Target(host, port, path);
    }
  }

  /** The response's status and headers. */
  record Response(int status, String reason, Map<String, String> headers, long bodyBytes) {}

  static void sendRequest(Target t, OutputStream out) throws IOException {
    String req =
        "GET "
            + t.path()
            + " HTTP/1.1\r\nHost: "
            + t.host()
            + (t.port() == 80 ? "" : ":" + t.port())
            + "\r\nUser-Agent: jtcp\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    out.write(req.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads the response from {@code in} and copies its body to {@code body}. */
  static Response readResponse(InputStream in, OutputStream body) throws IOException {
    return readResponse(in, body, length -> {});
  }

  /**
   * {@link #readResponse(InputStream, OutputStream)}, telling {@code bodyLength} the body's length
   * once the headers give it (Content-Length), before the body is copied.
   */
  static Response readResponse(
      InputStream in, OutputStream body, java.util.function.LongConsumer bodyLength)
      throws IOException {
    String head = HttpFileServer.readHead(in);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: '" + lines[0] + "'");
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: '" + lines[0] + "'", e);
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
    }
    long n;
    String te = headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT);
    if (te.contains("chunked")) {
      n = chunked(in, body);
    } else if (headers.containsKey("Content-Length")) {
      long length;
      try {
        length = Long.parseLong(headers.get("Content-Length"));
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + headers.get("Content-Length"), e);
      }
      bodyLength.accept(length);
      n = copy(in, body, length);
      if (n < length) {
        throw new IOException(
            "the connection closed after " + n + " of " + length + " bytes of the body");
      }
    } else {
      n = in.transferTo(body);
    }
    return new Response(code, status.length > 2 ? status[2] : "", headers, n);
  }

  private static long copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        break;
      }
      out.write(buf, 0, r);
      left -= r;
    }
    return length - left;
  }

  private static long chunked(InputStream in, OutputStream out) throws IOException {
    long total = 0;
    while (true) {
      String line = readLine(in);
      int semi = line.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size line: '" + line + "'", e);
      }
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return total;
      }
      long got = copy(in, out, size);
      total += got;
      if (got < size) {
        throw new IOException("the connection closed inside a chunk");
      }
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
