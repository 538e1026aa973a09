package atende.platform;

import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts Firestore document reads and writes the way Firestore bills them (a query that finds nothing
 * and an aggregation each count one read), at the gRPC boundary of emulator connections, so the
 * benchmark can state the operations per message. Not installed in production.
 */
public final class FirestoreMeter implements ClientInterceptor {
  public static final FirestoreMeter INSTANCE = new FirestoreMeter();

  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  private FirestoreMeter() {}

  /** Reads and writes so far. */
  public record Count(long reads, long writes) {
    public Count minus(Count earlier) {
      return new Count(reads - earlier.reads, writes - earlier.writes);
    }
  }

  public Count count() {
    return new Count(reads.get(), writes.get());
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String name = method.getBareMethodName();
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      private boolean queryFoundSomething;
      private boolean emptyQueryCounted;

      @Override
      public void sendMessage(Q message) {
        if (message instanceof CommitRequest commit) writes.addAndGet(commit.getWritesCount());
        if (message instanceof BatchWriteRequest batch) writes.addAndGet(batch.getWritesCount());
        super.sendMessage(message);
      }

      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onMessage(R message) {
            if (message instanceof BatchGetDocumentsResponse got && got.hasFound()) reads.incrementAndGet();
            if (message instanceof RunQueryResponse row) {
              if (row.hasDocument()) {
                queryFoundSomething = true;
                reads.incrementAndGet();
              }
              // The client may complete its future on "done", before onClose runs: count an empty query here.
              if (row.getDone()) countEmptyQuery();
            }
            if (message instanceof RunAggregationQueryResponse row && row.hasResult()) reads.incrementAndGet();
            super.onMessage(message);
          }

          @Override
          public void onClose(io.grpc.Status status, Metadata trailers) {
            if ("RunQuery".equals(name)) countEmptyQuery();
            super.onClose(status, trailers);
          }

          private void countEmptyQuery() {
            if (!queryFoundSomething && !emptyQueryCounted) {
              emptyQueryCounted = true;
              reads.incrementAndGet();
            }
          }
        }, headers);
      }
    };
  }
}
