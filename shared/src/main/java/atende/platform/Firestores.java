package atende.platform;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.FirestoreOptions;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** One Firestore client per (project, database, emulator) for the life of the instance. */
public final class Firestores {
  private static final Map<String, Firestore> CLIENTS = new ConcurrentHashMap<>();

  private Firestores() {}

  public static Firestore client(Settings settings) {
    String key = settings.projectId() + "|" + settings.firestoreDatabase() + "|"
        + settings.firestoreEmulatorHost().orElse("");
    return CLIENTS.computeIfAbsent(key, k -> {
      FirestoreOptions.Builder options = FirestoreOptions.newBuilder()
          .setProjectId(settings.projectId())
          .setDatabaseId(settings.firestoreDatabase());
      // Plaintext gRPC to the emulator with the client's own emulator credentials. (With NoCredentials the client opens a
      // channel of its own and ignores this provider, and with it the operation meter.)
      settings.firestoreEmulatorHost().ifPresent(host -> options
          .setHost(host)
          .setCredentials(new FirestoreOptions.EmulatorCredentials())
          .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
              .setEndpoint(host)
              .setChannelConfigurator(channel -> channel.usePlaintext())
              .setInterceptorProvider(() -> List.of(FirestoreMeter.INSTANCE))
              .build()));
      return options.build().getService();
    });
  }

  /** Waits for a Firestore future, rethrowing its cause unchecked. */
  public static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      throw new StorageException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(e);
    }
  }

  /** Create-if-absent: true when this call created the document, false when it already existed. */
  public static boolean createIfAbsent(Future<?> create) {
    try {
      await(create);
      return true;
    } catch (RuntimeException e) {
      if (alreadyExists(e)) return false;
      throw e;
    }
  }

  static boolean alreadyExists(Throwable error) {
    return hasCode(error, Status.Code.ALREADY_EXISTS);
  }

  /** An update of a document that does not exist (any more). */
  public static boolean notFound(Throwable error) {
    return hasCode(error, Status.Code.NOT_FOUND);
  }

  private static boolean hasCode(Throwable error, Status.Code code) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (code == Status.Code.ALREADY_EXISTS && t instanceof AlreadyExistsException) return true;
      if (t instanceof ApiException api && api.getStatusCode().getCode().name().equals(code.name())) return true;
      if (t instanceof FirestoreException fe && fe.getStatus() != null && fe.getStatus().getCode() == code) return true;
    }
    return false;
  }

  /** Storage could not be reached or failed; the caller should let the platform retry. */
  public static final class StorageException extends RuntimeException {
    public StorageException(Throwable cause) {
      super(cause);
    }
  }
}
