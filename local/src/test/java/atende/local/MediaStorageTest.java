package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.media.GcsMediaStorage;
import atende.media.MediaStorage;
import atende.media.MediaStorageException;
import atende.media.StoredMedia;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GcsMediaStorage} on the real google-cloud-storage client against {@link CloudStorageStandIn}:
 * what the intake and the AI turn rely on when they keep a voice note's bytes out of Firestore.
 */
class MediaStorageTest {
  private static final String BUCKET = "atende-local-media";
  private static CloudStorageStandIn gcs;
  private static MediaStorage media;

  @BeforeAll
  static void start() {
    gcs = new CloudStorageStandIn().createBucket(BUCKET);
    media = GcsMediaStorage.of(LocalStack.settings(Map.of(
        "ATENDE_MEDIA_BUCKET", BUCKET,
        "STORAGE_EMULATOR_HOST", gcs.url().toString())));
  }

  @AfterAll
  static void stop() {
    gcs.close();
  }

  private static byte[] voiceNote() {
    byte[] bytes = new byte[40_000];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] = 'O';
    return bytes;
  }

  @Test
  void aVoiceNoteGoesInAndComesBackWithItsTypeAndIsDeleted() {
    byte[] bytes = voiceNote();
    String name = "media-" + Keys.suffix() + "/voice.ogg";

    StoredMedia stored = media.put(name, bytes, "audio/ogg; codecs=opus");

    assertThat(stored.uri()).isEqualTo("gs://" + BUCKET + "/" + name);
    assertThat(stored.mimetype()).isEqualTo("audio/ogg; codecs=opus");
    assertThat(stored.size()).isEqualTo(bytes.length);
    assertThat(gcs.object(BUCKET, name)).get().satisfies(o -> assertThat(o.contentType()).isEqualTo("audio/ogg; codecs=opus"));
    assertThat(media.get(stored)).isEqualTo(bytes);

    media.delete(stored);
    assertThat(gcs.object(BUCKET, name)).isEmpty();
    assertThatThrownBy(() -> media.get(stored))
        .isInstanceOfSatisfying(MediaStorageException.class, e -> {
          assertThat(e.kind()).isEqualTo(MediaStorageException.Kind.NOT_FOUND);
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void storingTheSameMessageTwiceKeepsTheFirstObject() {
    String name = "media-" + Keys.suffix() + "/image.jpg";
    StoredMedia first = media.put(name, "first".getBytes(StandardCharsets.UTF_8), "image/jpeg");
    long generation = gcs.object(BUCKET, name).orElseThrow().generation();

    StoredMedia second = media.put(name, "first".getBytes(StandardCharsets.UTF_8), "image/jpeg");

    assertThat(second).isEqualTo(first);
    assertThat(gcs.object(BUCKET, name).orElseThrow().generation()).isEqualTo(generation);
  }

  @Test
  void deletingAMissingObjectIsNotAnError() {
    media.delete(new StoredMedia("gs://" + BUCKET + "/" + "never-stored-" + Keys.suffix(), "audio/ogg", 1));
  }

  @Test
  void aStoreThatFailsOnceIsRetriedByTheClient() {
    String name = "media-" + Keys.suffix() + "/voice.ogg";
    int before = gcs.requests().size();
    gcs.failNext(503, 1);

    StoredMedia stored = media.put(name, voiceNote(), "audio/ogg");

    assertThat(media.get(stored)).hasSize(40_000);
    assertThat(gcs.requests().subList(before, before + 2))
        .allSatisfy(r -> assertThat(r.query()).containsEntry("uploadType", "multipart").containsEntry("ifGenerationMatch", "0"));
  }

  @Test
  void aStoreThatKeepsFailingSaysItIsRetryable() {
    gcs.failNext(503, 10);
    try {
      assertThatThrownBy(() -> media.put("media-" + Keys.suffix() + "/voice.ogg", voiceNote(), "audio/ogg"))
          .isInstanceOfSatisfying(MediaStorageException.class, e -> assertThat(e.retryable()).isTrue());
    } finally {
      gcs.clearScript();
    }
  }

  @Test
  void aMissingBucketIsNotRetryable() {
    MediaStorage elsewhere = GcsMediaStorage.of(LocalStack.settings(Map.of(
        "ATENDE_MEDIA_BUCKET", "no-such-bucket", "STORAGE_EMULATOR_HOST", gcs.url().toString())));

    assertThatThrownBy(() -> elsewhere.put("x/voice.ogg", voiceNote(), "audio/ogg"))
        .isInstanceOfSatisfying(MediaStorageException.class, e -> {
          assertThat(e.kind()).isEqualTo(MediaStorageException.Kind.NOT_FOUND);
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void aSlowStoreTimesOutAsRetryable() {
    Storage impatient = GcsMediaStorage.client("atende-local", Optional.of(gcs.url().toString()), Duration.ofMillis(300));
    gcs.slowNext(Duration.ofSeconds(2), 4);
    try {
      assertThatThrownBy(() -> new GcsMediaStorage(impatient, BUCKET).put("media-" + Keys.suffix() + "/slow.ogg", voiceNote(), "audio/ogg"))
          .isInstanceOfSatisfying(MediaStorageException.class, e -> assertThat(e.kind()).isEqualTo(MediaStorageException.Kind.UNAVAILABLE));
    } finally {
      gcs.clearScript();
    }
  }

  @Test
  void withoutABucketEveryCallIsRejected() {
    MediaStorage none = GcsMediaStorage.of(LocalStack.settings(Map.of("ATENDE_MEDIA_BUCKET", "")));

    assertThatThrownBy(() -> none.put("x", new byte[1], "audio/ogg"))
        .isInstanceOfSatisfying(MediaStorageException.class, e -> assertThat(e.kind()).isEqualTo(MediaStorageException.Kind.REJECTED))
        .hasMessageContaining("ATENDE_MEDIA_BUCKET");
  }

  /** The stand-in also serves the client's resumable uploads (its writer), chunk by chunk. */
  @Test
  void aResumableUploadArrivesWhole() throws Exception {
    Storage client = GcsMediaStorage.client("atende-local", Optional.of(gcs.url().toString()), Duration.ofSeconds(20));
    byte[] bytes = new byte[600_000];
    ThreadLocalRandom.current().nextBytes(bytes);
    String name = "media-" + Keys.suffix() + "/video.mp4";

    try (WriteChannel writer = client.writer(BlobInfo.newBuilder(BlobId.of(BUCKET, name)).setContentType("video/mp4").build(),
        Storage.BlobWriteOption.doesNotExist())) {
      writer.setChunkSize(256 * 1024);
      writer.write(ByteBuffer.wrap(bytes));
    }

    assertThat(gcs.object(BUCKET, name)).get().satisfies(o -> {
      assertThat(o.bytes()).isEqualTo(bytes);
      assertThat(o.contentType()).isEqualTo("video/mp4");
    });
    assertThat(gcs.requests()).anySatisfy(r -> assertThat(r.query()).containsEntry("uploadType", "resumable"));
  }
}
