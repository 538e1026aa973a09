package atende.knowledge.sources;

import java.net.URI;

/** What fetching an operator's knowledge-source URL came to. Reasons name the host, never the query string. */
public sealed interface FetchResult {
  /** The content, from the URL the redirects ended at, with the full Content-Type header value. */
  record Fetched(URI finalUrl, String mediaType, byte[] body) implements FetchResult {
    /** The length only: results end up in logs and assertion messages. */
    @Override
    public String toString() {
      return "Fetched[" + finalUrl.getHost() + ", " + mediaType + ", " + body.length + " bytes]";
    }
  }

  /** The URL itself is not allowed (scheme, address, size, type, redirects): only the operator changing it helps. */
  record Refused(String reason) implements FetchResult {}

  /** The fetch went wrong: a network error, a timeout or an HTTP error; {@code retryable} when trying later may work. */
  record Failed(String reason, boolean retryable) implements FetchResult {}
}
