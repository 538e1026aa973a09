package atende.media;

import atende.platform.Settings;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link MediaStorage} on a Cloud Storage bucket ({@code ATENDE_MEDIA_BUCKET}) through the real
 * {@code google-cloud-storage} client over its default HTTP/JSON transport. {@code STORAGE_EMULATOR_HOST}
 * points it at a local JSON API (the stand-in in local/) without credentials: the name the Go, Python and
 * Node clients honour; the Java client (2.78.0) reads no such variable, so this class does.
 *
 * <p>Writes are create-if-absent ({@code ifGenerationMatch=0}): object names are deterministic per
 * message, so a second put of the same name keeps the first object and returns it. The precondition is
 * also what makes the client retry an upload on 408/429/5xx: without one it treats an upload as
 * non-idempotent and does not retry (HttpRetryAlgorithmManager#getForObjectsCreate in googleapis/java-storage).
 */
public final class GcsMediaStorage implements MediaStorage {
  /** Anything without a type is served as this by Cloud Storage too (docs: "Content-Type" metadata). */
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /** A webhook must answer Evolution quickly and a turn has its own deadline: a few short retries, not the client's 50 s. */
  private static final RetrySettings RETRIES = RetrySettings.newBuilder()
      .setMaxAttempts(4)
      .setInitialRetryDelayDuration(Duration.ofMillis(200))
      .setRetryDelayMultiplier(2.0)
      .setMaxRetryDelayDuration(Duration.ofSeconds(2))
      .setTotalTimeoutDuration(Duration.ofSeconds(30))
      .build();

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private static final Set<Integer> RETRYABLE_CODES = Set.of(408, 429, 500, 502, 503, 504);

  private static final Map<String, Storage> CLIENTS = new ConcurrentHashMap<>();

  private final Supplier<Storage> client;
  private final String bucket;

  public GcsMediaStorage(Storage storage, String bucket) {
    this(() -> storage, bucket);
  }

  /** {@code client} is asked on first use: a webhook that never sees media never starts a storage client. */
  private GcsMediaStorage(Supplier<Storage> client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /**
   * The storage for {@code settings}: the bucket's, or {@link UnconfiguredMediaStorage} without
   * {@code ATENDE_MEDIA_BUCKET}. One client per (project, endpoint) for the life of the instance.
   */
  public static MediaStorage of(Settings settings) {
    // Cold start: the client (HTTP transport, credentials lookup, OpenTelemetry) is built on first use.
    Supplier<Storage> shared = () -> CLIENTS.computeIfAbsent(settings.projectId() + "|" + settings.storageEmulatorHost().orElse(""),
        k -> client(settings.projectId(), settings.storageEmulatorHost(), READ_TIMEOUT));
    return settings.mediaBucket().<MediaStorage>map(bucket -> new GcsMediaStorage(shared, bucket))
        .orElseGet(UnconfiguredMediaStorage::new);
  }

  /**
   * A client of the JSON API: Google's with ADC, or {@code endpoint} ({@code host:port} or a URL) without
   * credentials. {@code readTimeout} bounds each attempt's wait for a slow server.
   */
  public static Storage client(String projectId, Optional<String> endpoint, Duration readTimeout) {
    StorageOptions.Builder options = StorageOptions.http()
        .setProjectId(projectId)
        .setRetrySettings(RETRIES)
        .setTransportOptions(HttpTransportOptions.newBuilder()
            .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
            .setReadTimeout((int) readTimeout.toMillis())
            .build());
    endpoint.ifPresent(host -> options
        .setHost(host.contains("://") ? host : "http://" + host)
        .setCredentials(NoCredentials.getInstance()));
    return options.build().getService();
  }

  @Override
  public StoredMedia put(String objectName, byte[] bytes, String mimetype) {
    BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, objectName))
        .setContentType(mimetype == null || mimetype.isBlank() ? DEFAULT_CONTENT_TYPE : mimetype)
        .build();
    try {
      return stored(client.get().create(info, bytes, Storage.BlobTargetOption.doesNotExist()));
    } catch (StorageException e) {
      if (e.getCode() != 412) throw failure("put", objectName, e);
    }
    // 412: the object exists — stored earlier, or by this very call when an attempt's answer was lost.
    Blob existing;
    try {
      existing = client.get().get(BlobId.of(bucket, objectName));
    } catch (StorageException e) {
      throw failure("put", objectName, e);
    }
    if (existing == null) {
      throw new MediaStorageException(MediaStorageException.Kind.UNAVAILABLE,
          "object " + objectName + " existed and was deleted while being stored", null);
    }
    return stored(existing);
  }

  @Override
  public byte[] get(StoredMedia media) {
    try {
      return client.get().readAllBytes(BlobId.of(media.bucket(), media.objectName()));
    } catch (StorageException e) {
      throw failure("get", media.objectName(), e);
    }
  }

  @Override
  public void delete(StoredMedia media) {
    try {
      // false for a missing object (the client maps the 404): nothing to do.
      client.get().delete(BlobId.of(media.bucket(), media.objectName()));
    } catch (StorageException e) {
      throw failure("delete", media.objectName(), e);
    }
  }

  private static StoredMedia stored(Blob blob) {
    return new StoredMedia("gs://" + blob.getBucket() + "/" + blob.getName(),
        blob.getContentType() == null ? DEFAULT_CONTENT_TYPE : blob.getContentType(), blob.getSize());
  }

  /**
   * The client's exception as ours. Code 0 is the client's "no HTTP answer" (timeouts, refused
   * connections), retryable like the codes the client itself retries (StorageException.RETRYABLE_ERRORS
   * in googleapis/java-storage).
   */
  private static MediaStorageException failure(String operation, String objectName, StorageException e) {
    int code = e.getCode();
    MediaStorageException.Kind kind = code == 404 ? MediaStorageException.Kind.NOT_FOUND
        : code == 0 || RETRYABLE_CODES.contains(code) ? MediaStorageException.Kind.UNAVAILABLE
        : MediaStorageException.Kind.REJECTED;
    return new MediaStorageException(kind, operation + " " + objectName + " failed: HTTP " + code + " " + e.getMessage(), e);
  }
}
